using Ektp.Central.Gallery;
using Ektp.Hosting;
using Orleans.TestingHost;

namespace Ektp.Gallery.Tests.Infrastructure;

/// <summary>Orleans' in-process test cluster whose silos host the gallery's shard grains over a test database.</summary>
internal static class GalleryTestCluster
{
    private const string DatabaseKey = "GalleryTests:Database";

    public static async Task<TestCluster> StartAsync(LogDatabase database, short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Properties[DatabaseKey] = database.Settings.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connection = siloBuilder.Configuration[DatabaseKey]
                             ?? throw new InvalidOperationException("The test cluster has no database.");
            GallerySilo.AddGalleryLog(siloBuilder, new DatabaseSettings(DatabaseProvider.Sqlite, connection),
                LogDatabase.CipherOf(connection));
            GalleryCluster.ConfigureMembership(siloBuilder);
        }
    }
}

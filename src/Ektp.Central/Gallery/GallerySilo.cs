using Ektp.Gallery;
using Ektp.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Gallery;

/// <summary>A gallery silo (`ektp gallery silo`): shard grains that read the central database's gallery log.</summary>
internal static class GallerySilo
{
    /// <summary>What every gallery silo needs beside its clustering: the gallery log of the central database.</summary>
    public static ISiloBuilder AddGalleryLog(ISiloBuilder silo, DatabaseSettings database)
    {
        silo.Services.AddSingleton<IGalleryLog>(new EfGalleryLog(database));
        return silo;
    }

    public static IHost Build(string redis, DatabaseSettings database, int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "ektp-gallery-silo",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Ektp", LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            GalleryCluster.ConfigureSilo(silo, redis, siloPort, gatewayPort);
            AddGalleryLog(silo, database);
        });
        return builder.Build();
    }
}

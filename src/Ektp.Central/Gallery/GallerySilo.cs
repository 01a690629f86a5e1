using Ektp.Central.Data;
using Ektp.Gallery;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Gallery;

/// <summary>A gallery silo (`ektp gallery silo`): shard grains that read the central database's gallery log.</summary>
internal static class GallerySilo
{
    /// <summary>
    /// What every gallery silo needs beside its clustering: the gallery log of the central database, opened with
    /// <paramref name="cipher"/> (the centre's data keys); <paramref name="refreshKeys"/> reloads them after a rotation.
    /// </summary>
    public static ISiloBuilder AddGalleryLog(ISiloBuilder silo, DatabaseSettings database, DataCipher cipher,
        Func<CancellationToken, Task>? refreshKeys = null)
    {
        silo.Services.AddSingleton<IGalleryLog>(new EfGalleryLog(database, cipher, refreshKeys));
        return silo;
    }

    /// <summary>
    /// Reads the central database's data keys and unwraps them with <paramref name="master"/> into
    /// <paramref name="cipher"/>. Read-only: a silo never makes, sweeps or rotates keys (the central server does).
    /// </summary>
    /// <exception cref="AtRestException">No live data key (the central server never started on this database), or
    /// a master key that is not this database's.</exception>
    public static async Task UnlockAsync(DatabaseSettings database, MasterKey master, DataCipher cipher,
        CancellationToken ct)
    {
        await using var db = CentralDbContext.Create(database);
        DataKeyStore.Unlock(await DataKeyStore.LoadKeysAsync(db, ct), master, cipher);
    }

    /// <param name="master">Kept for the silo's lifetime: a key rotated while the silo runs is unwrapped with it.</param>
    public static async Task<IHost> BuildAsync(string redis, DatabaseSettings database, MasterKey master, int siloPort,
        int gatewayPort, CancellationToken ct)
    {
        var cipher = new DataCipher();
        await UnlockAsync(database, master, cipher, ct);
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
            AddGalleryLog(silo, database, cipher, token => UnlockAsync(database, master, cipher, token));
        });
        return builder.Build();
    }
}

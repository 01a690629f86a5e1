using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Ektp.Gallery;

/// <summary>How gallery silos and their clients join one Orleans cluster whose membership lives in Redis.</summary>
internal static class GalleryCluster
{
    public const string ClusterId = "ektp-gallery";
    public const string ServiceId = "ektp";

    /// <summary>A silo: Redis membership, loopback-or-given address, and failure detection in seconds rather than
    /// the default half minute, so a dead silo's shards move on quickly.</summary>
    public static ISiloBuilder ConfigureSilo(ISiloBuilder silo, string redis, int siloPort, int gatewayPort,
        IPAddress? advertise = null)
    {
        silo.UseRedisClustering(redis);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ServiceId;
        });
        silo.ConfigureEndpoints(advertise ?? IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        ConfigureMembership(silo);
        return silo;
    }

    public static void ConfigureMembership(ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(o =>
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 2;
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
    });

    /// <summary>A client (the central server): Redis membership, and it keeps trying while no silo is up yet.</summary>
    public static IClientBuilder ConfigureClient(IClientBuilder client, string redis)
    {
        client.UseRedisClustering(redis);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = ServiceId;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.UseConnectionRetryFilter(static async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            return true;
        });
        return client;
    }
}

using System.Security.Cryptography;
using System.Text;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Tests;

/// <summary>A real central server on a loopback port over a real database, plus a registered office to send from.</summary>
internal sealed class CentralServer : IAsyncDisposable
{
    private CentralServer(WebApplication app, TestDatabase database, string url)
    {
        App = app;
        Database = database;
        Client = new HttpClient { BaseAddress = new Uri(url) };
    }

    public WebApplication App { get; }
    public TestDatabase Database { get; }
    public HttpClient Client { get; }
    public CentralKeys Keys => App.Services.GetRequiredService<CentralKeys>();

    public static async Task<CentralServer> StartAsync(long maxPacketBytes = 32 * 1024 * 1024)
    {
        var database = await TestDatabase.CreateAsync();
        var settings = new CentralSettings
        {
            Urls = "http://127.0.0.1:0",
            DataDir = database.DataDir,
            Db = database.ConnectionString,
            MaxPacketBytes = maxPacketBytes,
            MaxChunkBytes = 64 * 1024,
        };
        var app = CentralApp.Build(settings);
        await CentralApp.PrepareDatabaseAsync(app.Services);
        await app.StartAsync();
        return new CentralServer(app, database, app.BoundUrl());
    }

    public CentralDbContext NewDbContext() =>
        CentralDbContext.Create(App.Services.GetRequiredService<DatabaseSettings>());

    public async Task<ECDsa> RegisterOfficeAsync(string region = "1472")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var db = NewDbContext();
        await OfficeRegistry.AddAsync(db, region, key.ExportSubjectPublicKeyInfoPem(), DateTime.UtcNow, CancellationToken.None);
        return key;
    }

    /// <summary>A small valid packet of region <paramref name="region"/>, sealed by <paramref name="office"/>.</summary>
    public (Guid Id, byte[] Envelope) Seal(ECDsa office, string region = "1472", int photoBytes = 200_000, Guid? id = null)
    {
        var packetId = id ?? Guid.CreateVersion7();
        var built = PacketBuilder.Build(
            new PacketHeader(packetId, Guid.CreateVersion7(), region, "Disdukcapil", "op", "pc-1", DateTimeOffset.UtcNow,
                "office", region + "010412910001"),
            [
                new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes("{}")),
                new PacketPart("photo.jpg", "image/jpeg", RandomNumberGenerator.GetBytes(photoBytes)),
            ]);
        return (packetId, PacketEnvelope.Seal(built.Content, packetId, region, office, Keys.Encryption));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await Database.DisposeAsync();
    }
}

using System.Text;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ektp.EndToEnd.Faults;

/// <summary>
/// Store-and-forward over a link that refuses, stalls and cuts connections: every packet arrives exactly once.
/// Real central and regional servers on loopback ports, real databases, a seeded fault proxy between them.
/// </summary>
[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class TransportFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PacketCount = 500;
    private TestDatabase _centralDb = null!;
    private TestDatabase _regionalDb = null!;
    private WebApplication _central = null!;
    private WebApplication _regional = null!;
    private FaultyProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _centralDb = await TestDatabase.CreateAsync();
        _regionalDb = await TestDatabase.CreateAsync();
        _central = CentralApp.Build(new CentralSettings
        {
            Urls = "http://127.0.0.1:0",
            DataDir = _centralDb.DataDir,
            Db = _centralDb.ConnectionString,
            MaxChunkBytes = 64 * 1024,
        });
        await CentralApp.PrepareDatabaseAsync(_central.Services);
        await _central.StartAsync();
        // 30 % of connections refused or stalled, and every connection cut after ~150 KB (about every third packet).
        _proxy = new FaultyProxy(new Uri(_central.BoundUrl()), seed: 2013, refuse: 0.15, stall: 0.15,
            meanBytesBeforeCut: 150_000, stallFor: TimeSpan.FromSeconds(2));

        var settings = new RegionalSettings
        {
            RegionCode = "1472",
            Urls = "http://127.0.0.1:0",
            DataDir = _regionalDb.DataDir,
            Db = _regionalDb.ConnectionString,
            CentralUrl = _proxy.Url,
            OutboxPollInterval = TimeSpan.FromMilliseconds(50),
            OutboxRetryBase = TimeSpan.FromMilliseconds(20),
            OutboxRetryMax = TimeSpan.FromMilliseconds(400),
            UpstreamTimeout = TimeSpan.FromSeconds(1),
        };
        _regional = RegionalApp.Build(settings);
        await RegionalApp.PrepareDatabaseAsync(_regional.Services);
        await using (var scope = _central.Services.CreateAsyncScope())
        {
            var keys = _regional.Services.GetRequiredService<RegionalKeys>();
            await OfficeRegistry.AddAsync(scope.ServiceProvider.GetRequiredService<CentralDbContext>(), "1472",
                RegionalKeys.PublicPem(keys.Office), DateTime.UtcNow, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _regional.StopAsync();
        await _regional.DisposeAsync();
        await _proxy.DisposeAsync();
        await _central.StopAsync();
        await _central.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _regionalDb.DisposeAsync();
        await _centralDb.DisposeAsync();
    }

    [Fact]
    public async Task Five_hundred_packets_cross_a_link_that_drops_stalls_and_cuts_exactly_once()
    {
        var packetIds = await RecordAsync(PacketCount);
        var started = DateTime.UtcNow;

        await _regional.StartAsync();
        await WaitUntilAsync(async () => await SentAsync() == PacketCount, TimeSpan.FromMinutes(4));

        await using (var db = NewRegionalDb())
        {
            output.WriteLine($"{PacketCount} packets in {(DateTime.UtcNow - started).TotalSeconds:F1} s, " +
                $"{await db.Outbox.SumAsync(o => o.Attempts)} upload attempts, through {_proxy.Accepted} connections: " +
                $"{_proxy.Refused} refused, {_proxy.Stalled} stalled, {_proxy.Cut} cut mid-transfer");
        }
        await using var central = CentralDbContext.Create(_central.Services.GetRequiredService<DatabaseSettings>());
        var received = await central.Packets.Select(p => p.PacketId).ToListAsync();
        Assert.Equal(PacketCount, received.Count);
        Assert.Equal(packetIds.Order(), received.Order());
        await using var regional = NewRegionalDb();
        Assert.Equal(0, await regional.Outbox.CountAsync(o => o.State != OutboxState.Sent));
        Assert.Equal(0, await regional.Residents.CountAsync(r =>
            r.Status == RecordStatus.BioCaptured || r.Status == RecordStatus.Processing ||
            r.Status == RecordStatus.SentForEnrollment));
        Assert.True(_proxy.Refused > 0 && _proxy.Stalled > 0 && _proxy.Cut > 0,
            $"faults injected: refused {_proxy.Refused}, stalled {_proxy.Stalled}, cut {_proxy.Cut}");
        await AssertRegionalStillServesAsync();
    }

    [Fact]
    public async Task Packets_recorded_while_the_link_is_down_all_arrive_when_it_returns()
    {
        _proxy.Down = true;
        _proxy.Refuse = 0;
        _proxy.Stall = 0;
        _proxy.MeanBytesBeforeCut = int.MaxValue;
        var packetIds = await RecordAsync(40);
        await _regional.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await SentAsync());

        _proxy.Down = false;
        await WaitUntilAsync(async () => await SentAsync() == packetIds.Count, TimeSpan.FromMinutes(2));

        await using var central = CentralDbContext.Create(_central.Services.GetRequiredService<DatabaseSettings>());
        Assert.Equal(packetIds.Count, await central.Packets.CountAsync());
        await AssertRegionalStillServesAsync();
    }

    /// <summary>Resets and timeouts on the link must never take the regional server down with them.</summary>
    private async Task AssertRegionalStillServesAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_regional.BoundUrl()) };
        Assert.True((await http.GetAsync("/health")).IsSuccessStatusCode, "the regional server stopped serving");
    }

    /// <summary>Records residents the way an enrollment does (resident, packet, outbox row in one transaction).</summary>
    private async Task<List<Guid>> RecordAsync(int count)
    {
        await using var db = NewRegionalDb();
        var ids = new List<Guid>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var resident = TestResidents.Make($"WARGA {i}", new DateOnly(1970 + (i % 40), 1 + (i % 12), 1 + (i % 28)));
            var record = ResidentRecord.From(resident, RecordStatus.BioCaptured, now);
            record.RecordedAt = now;
            db.Residents.Add(record);
            var packetId = Guid.CreateVersion7();
            var built = PacketBuilder.Build(
                new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil Kota Dumai", "op", "pc",
                    DateTimeOffset.UtcNow, "office", resident.Nik.Value),
                [
                    new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")),
                    new PacketPart("photo.jpg", "image/jpeg", new byte[20_000 + (i * 97 % 40_000)]),
                ]);
            db.Packets.Add(new PacketRecord
            {
                Id = packetId,
                EnrollmentId = built.Manifest.Header.EnrollmentId,
                Nik = resident.Nik.Value,
                CreatedAt = now,
                Sha256 = built.Sha256,
                Size = built.Content.Length,
                Content = RegionalAtRest.SealPacket(_regional.Services.GetRequiredService<DataCipher>(), packetId,
                    built.Content),
            });
            db.Outbox.Add(new OutboxEntry { PacketId = packetId, CreatedAt = now, State = OutboxState.Pending });
            ids.Add(packetId);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private RegionalDbContext NewRegionalDb() =>
        RegionalDbContext.Create(_regional.Services.GetRequiredService<DatabaseSettings>());

    private async Task<int> SentAsync()
    {
        await using var db = NewRegionalDb();
        return await db.Outbox.CountAsync(o => o.State == OutboxState.Sent);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(200);
        }
    }
}

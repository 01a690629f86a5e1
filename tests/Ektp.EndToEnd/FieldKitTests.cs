using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Field;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Registry;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd;

/// <summary>
/// Field kit → regional server → centre, all real servers on loopback over real databases. The regional server and
/// the kit share a <see cref="ShiftedClock"/>, so days pass offline in seconds while both agree on the time.
/// </summary>
[Trait("Category", "Database")]
public sealed class FieldKitTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private TwoServers _servers = null!;

    public async Task InitializeAsync() =>
        _servers = await TwoServers.StartAsync(configureRegional: b => b.Services.AddSingleton<TimeProvider>(_clock),
            configureCentral: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_kit_offline_for_three_days_delivers_every_packet_to_the_centre_once_and_the_decisions_flow_back()
    {
        var niks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            niks.Add(await _servers.AddResidentAsync($"SISWA SMA {i}"));
        }

        var elsewhere = await _servers.AddResidentAsync("RECORDED ELSEWHERE");
        var outside = await AddResidentOutsideTheAreaAsync();
        await using var kit = await FieldKit.StartAsync(_servers, _clock, area: "147201");

        await WaitUntilAsync(async () => await kit.StatusAsync(elsewhere) is not null, "the kit's registry pull");
        Assert.Null(await kit.StatusAsync(outside));
        Assert.Equal(RecordStatus.Unregistered, await kit.StatusAsync(niks[0]));

        kit.Link.Down = true;
        _clock.Shift += TimeSpan.FromDays(1);
        var packets = new List<Guid> { await kit.EnrollAsync(niks[0], 0, "school", "op.sekolah") };
        _clock.Shift += TimeSpan.FromDays(1);
        packets.Add(await kit.EnrollAsync(niks[1], 1, "school", "op.sekolah"));
        packets.Add(await kit.EnrollAsync(niks[2], 2, "village", "op.desa"));
        using (var meanwhile = await _servers.RegionalClient.PostAsync("/api/enrollments",
                   DistinctFingers.Form(elsewhere, 5, "office", "op.kantor").Build()))
        {
            Assert.Equal(HttpStatusCode.Created, meanwhile.StatusCode);
        }

        packets.Add(await kit.EnrollAsync(elsewhere, 4, "home", "op.desa"));
        _clock.Shift += TimeSpan.FromDays(1);
        packets.Add(await kit.EnrollAsync(niks[3], 3, "school", "op.sekolah"));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var offline = await kit.Client.GetFromJsonAsync<JsonElement>("/api/outbox");
        Assert.Equal(5, offline.GetProperty("waiting").GetInt32());
        Assert.Equal(0, offline.GetProperty("sent").GetInt32());
        Assert.True(_clock.GetUtcNow() - offline.GetProperty("lastContact").GetDateTimeOffset() > TimeSpan.FromDays(3));
        var banner = await kit.Client.GetStringAsync("/?lang=id");
        Assert.Contains("Mode lapangan", banner, StringComparison.Ordinal);
        Assert.Contains("3 hari", banner, StringComparison.Ordinal);
        Assert.Contains("5 paket", banner, StringComparison.Ordinal);

        kit.Link.Down = false;
        await WaitUntilAsync(async () => await kit.OutboxAsync() == (0, 4, 1), "every kit packet sent or set aside");

        foreach (var nik in niks)
        {
            await _servers.WaitForStatusAsync(nik, RecordStatus.PrintReadyRecord);
        }

        var delivered = packets.Where((_, i) => i != 3).ToList();
        await using (var central = CentralDbContext.Create(_servers.Central.Services.GetRequiredService<DatabaseSettings>()))
        {
            Assert.Equal(delivered.Order(), (await central.Packets.Where(p => delivered.Contains(p.PacketId))
                .Select(p => p.PacketId).ToListAsync()).Order());
            Assert.False(await central.Packets.AnyAsync(p => p.PacketId == packets[3]));
            foreach (var id in delivered)
            {
                Assert.Equal(1, await central.Decisions.CountAsync(d => d.PacketId == id));
            }
        }

        await using (var db = _servers.NewRegionalDb())
        {
            var school = await db.Enrollments.SingleAsync(e => e.Nik == niks[0]);
            Assert.Equal(packets[0], school.PacketId);
            Assert.Equal(RecordingLocation.School, school.Location);
            Assert.Equal("op.sekolah", school.Operator);
            Assert.Equal(FieldKit.OfficeName, school.Office);
            Assert.Equal(RecordingLocation.Village, (await db.Enrollments.SingleAsync(e => e.Nik == niks[2])).Location);
            var captured = await db.StatusEvents.Where(e => e.Nik == niks[0] && e.To == RecordStatus.BioCaptured)
                .SingleAsync();
            Assert.Contains("Mobil Sekolah 1", captured.Reason, StringComparison.Ordinal);
            Assert.Contains(FieldKit.Device, captured.Reason, StringComparison.Ordinal);
            Assert.Equal(1, await db.Enrollments.CountAsync(e => e.Nik == elsewhere));

            var ledger = await db.KitPackets().AsNoTracking().ToListAsync();
            Assert.Equal(4, ledger.Count(p => p.State == KitPacketState.Applied));
            var setAside = Assert.Single(ledger, p => p.State == KitPacketState.SetAside);
            Assert.Equal(packets[3], setAside.PacketId);
            Assert.Contains("recorded elsewhere", setAside.Reason, StringComparison.Ordinal);
        }

        var kitOutbox = await kit.Client.GetFromJsonAsync<JsonElement>("/api/outbox");
        var kitSetAside = Assert.Single(kitOutbox.GetProperty("setAside").EnumerateArray());
        Assert.Equal(packets[3], kitSetAside.GetProperty("packetId").GetGuid());
        Assert.StartsWith("record-changed", kitSetAside.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var regionalOutbox = await _servers.RegionalClient.GetFromJsonAsync<JsonElement>("/api/outbox");
        Assert.Equal(packets[3], Assert.Single(regionalOutbox.GetProperty("fieldKitSetAside").EnumerateArray())
            .GetProperty("packetId").GetGuid());

        // The decisions reach the kit with its next registry pull.
        (await kit.Client.PostAsync("/api/field-kit/pull", null)).EnsureSuccessStatusCode();
        await WaitUntilAsync(async () => await kit.StatusAsync(niks[0]) == RecordStatus.PrintReadyRecord,
            "the decision at the kit");
        Assert.NotEqual(RecordStatus.Unregistered, await kit.StatusAsync(elsewhere));
    }

    [Fact]
    public async Task An_unknown_kit_is_refused_keeps_its_packets_and_a_revoked_one_is_refused_again()
    {
        var nik = await _servers.AddResidentAsync("WARGA RUMAH SAKIT");
        await using var kit = await FieldKit.StartAsync(_servers, _clock, area: null, name: null);

        await WaitUntilAsync(async () =>
            (await kit.Client.GetFromJsonAsync<JsonElement>("/api/field-kit")).GetProperty("lastError").GetString()
            ?.Contains("(kit-unknown)", StringComparison.Ordinal) == true, "the refusal of the unknown kit");
        Assert.Null(await kit.StatusAsync(nik));

        await FieldKit.RegisterAsync(_servers, kit.Keys, "Mobil Rumah Sakit");
        (await kit.Client.PostAsync("/api/field-kit/pull", null)).EnsureSuccessStatusCode();
        await WaitUntilAsync(async () => await kit.StatusAsync(nik) is not null, "the pull of the registered kit");

        await using (var db = _servers.NewRegionalDb())
        {
            var outcome = await FieldKitRegistry.RevokeAsync(db, PacketEnvelope.KeyId(kit.Keys.Office), "supervisor",
                "laptop reported stolen", DateTime.UtcNow, CancellationToken.None);
            Assert.IsType<FieldKitOutcome.Done>(outcome);
        }

        var packet = await kit.EnrollAsync(nik, 0, "home", "op.rumah");
        await WaitUntilAsync(async () =>
            (await kit.Client.GetFromJsonAsync<JsonElement>("/api/outbox")).GetProperty("lastError").GetString()
            ?.Contains("laptop reported stolen", StringComparison.Ordinal) == true, "the refusal of the revoked kit");

        Assert.Equal((1, 0, 0), await kit.OutboxAsync());
        await using var regional = _servers.NewRegionalDb();
        Assert.False(await regional.KitPackets().AnyAsync(p => p.PacketId == packet));
        Assert.Equal(RecordStatus.Unregistered, (await regional.Residents.SingleAsync(r => r.Nik == nik)).Status);
    }

    [Fact]
    public async Task A_repeated_upload_is_acknowledged_once_and_a_replay_with_other_content_is_refused()
    {
        var nik = await _servers.AddResidentAsync("WARGA LAPAS");
        await using var kit = await FieldKit.StartAsync(_servers, _clock, area: "1472011006");
        await WaitUntilAsync(async () => await kit.StatusAsync(nik) is not null, "the kit's registry pull");
        var id = await kit.EnrollAsync(nik, 2, "prison", "op.lapas");
        await WaitUntilAsync(async () => await kit.OutboxAsync() == (0, 1, 0), "the upload");
        byte[] envelope;
        await using (var db = kit.NewDb())
        {
            envelope = (await db.Packets.SingleAsync(p => p.Id == id)).Envelope!;
        }

        using var signed = new HttpClient(new KitRequestSigner(kit.Keys, _clock) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(_servers.Regional.BoundUrl() + "/"),
        };
        var regional = new UpstreamClient(signed, "the regional server");

        var again = await regional.UploadAsync(id, envelope, PacketBuilder.Sha256Hex(envelope), null, CancellationToken.None);
        var forged = envelope.ToArray();
        forged[^1] ^= 0xFF;
        var replay = await Assert.ThrowsAsync<PacketRefusedException>(() =>
            regional.UploadAsync(id, forged, PacketBuilder.Sha256Hex(forged), null, CancellationToken.None));

        Assert.Equal(id, again.PacketId);
        Assert.Equal("packet-replay", replay.Code);
        await _servers.WaitForStatusAsync(nik, RecordStatus.PrintReadyRecord);
        await using (var db = _servers.NewRegionalDb())
        {
            Assert.Equal(1, await db.Enrollments.CountAsync(e => e.Nik == nik));
            Assert.Equal(1, await db.Outbox.CountAsync(o => o.PacketId == id));
        }

        await using var central = CentralDbContext.Create(_servers.Central.Services.GetRequiredService<DatabaseSettings>());
        Assert.Equal(1, await central.Packets.CountAsync(p => p.PacketId == id));
    }

    private async Task<string> AddResidentOutsideTheAreaAsync()
    {
        var resident = TestResidents.Make("WARGA DUMAI TIMUR", new DateOnly(1980, 3, 3), kelurahan: TestResidents.OtherKelurahan);
        await using var db = _servers.NewRegionalDb();
        db.Residents.Add(ResidentRecord.From(resident, RecordStatus.Unregistered, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return resident.Nik.Value;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 60 s");
            await Task.Delay(200);
        }
    }
}

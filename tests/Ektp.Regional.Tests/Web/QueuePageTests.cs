using Ektp.Core.Packets;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.FieldKits;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Tests.Web;

[Trait("Category", "Database")]
public sealed class QueuePageTests
{
    [Fact]
    public async Task A_field_kit_shows_on_every_page_how_long_it_has_been_offline_and_how_many_packets_it_holds()
    {
        // The kit's regional server is a port where nothing listens; its clock is the test's.
        await using var kit = await RegionalServer.StartAsync(configure: s => s with { RegionalUrl = "http://127.0.0.1:9" });
        var link = kit.App.Services.GetRequiredService<LinkMonitor>();
        link.Restore(kit.Clock.GetUtcNow());
        link.Failure("The regional server could not be reached: Connection refused");
        kit.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(5));
        await AddPendingPacketsAsync(kit, 3);

        var indonesian = await kit.Client.GetStringAsync("/?lang=id");
        var english = await kit.Client.GetStringAsync("/perekaman/hari-ini?lang=en");
        var queue = await kit.Client.GetStringAsync("/antrean?lang=id");

        Assert.Contains("Mode lapangan", indonesian, StringComparison.Ordinal);
        Assert.Contains("Tidak terhubung ke server regional selama <strong>2 hari 5 jam</strong>", indonesian,
            StringComparison.Ordinal);
        Assert.Contains("3 paket menunggu dikirim", indonesian, StringComparison.Ordinal);
        Assert.Contains("Offline from the regional server for <strong>2 days 5 hours</strong>", english,
            StringComparison.Ordinal);
        Assert.Contains("3 packets waiting to be sent", english, StringComparison.Ordinal);
        Assert.Contains("Kit lapangan: paket rekaman dikirim ke server regional", queue, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"waiting\">3</dd>", queue, StringComparison.Ordinal);
        Assert.Contains("Connection refused", queue, StringComparison.Ordinal);
        Assert.Contains("100 %", queue, StringComparison.Ordinal);
        Assert.Contains("Ambil data penduduk sekarang", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_server_has_no_banner_and_its_queue_page_lists_kit_packets_set_aside_in_both_languages()
    {
        await using var server = await RegionalServer.StartAsync();
        using var kit = new TestKit(server);
        await kit.RegisterAsync("Mobil Lapas 2");
        var resident = await server.AddAsync(TestResidents.Make("WARGA BINAAN", new DateOnly(1988, 8, 8)),
            Core.Lifecycle.RecordStatus.BioCaptured);
        var packet = kit.Packet(resident, "prison");
        var envelope = await kit.SealAsync(packet);
        await Assert.ThrowsAsync<Hosting.PacketRefusedException>(() => kit.Upstream().UploadAsync(packet.PacketId,
            envelope, PacketBuilder.Sha256Hex(envelope), null, CancellationToken.None));

        var indonesian = await server.Client.GetStringAsync("/antrean?lang=id");
        var english = await server.Client.GetStringAsync("/antrean?lang=en");

        Assert.DoesNotContain("field-banner", indonesian, StringComparison.Ordinal);
        Assert.Contains("href=\"/antrean\"", indonesian, StringComparison.Ordinal);
        Assert.Contains("Antrean pengiriman paket", indonesian, StringComparison.Ordinal);
        Assert.Contains("Server pusat belum diatur", indonesian, StringComparison.Ordinal);
        Assert.Contains("Paket kit lapangan yang disisihkan di sini", indonesian, StringComparison.Ordinal);
        Assert.Contains(packet.PacketId.ToString(), indonesian, StringComparison.Ordinal);
        Assert.Contains("Mobil Lapas 2", indonesian, StringComparison.Ordinal);
        Assert.Contains("recorded elsewhere", indonesian, StringComparison.Ordinal);
        Assert.Contains("Field kit packets set aside here", english, StringComparison.Ordinal);
        Assert.Contains("Registered field kits", english, StringComparison.Ordinal);
        Assert.Contains("Packets waiting", english, StringComparison.Ordinal);
    }

    private static async Task AddPendingPacketsAsync(RegionalServer server, int count)
    {
        await using var db = server.NewDbContext();
        for (var i = 0; i < count; i++)
        {
            var resident = TestResidents.Make($"WARGA {i}", new DateOnly(1990, 2, 1 + i));
            db.Residents.Add(Ektp.Regional.Registry.ResidentRecord.From(resident, Core.Lifecycle.RecordStatus.BioCaptured,
                server.Clock.GetUtcNow().UtcDateTime));
            var id = Guid.CreateVersion7();
            db.Packets.Add(new PacketRecord
            {
                Id = id,
                EnrollmentId = Guid.CreateVersion7(),
                Nik = resident.Nik.Value,
                CreatedAt = server.Clock.GetUtcNow().UtcDateTime,
                Sha256 = new string('0', 64),
                Size = 1,
                Content = [1],
            });
            db.Outbox.Add(new OutboxEntry { PacketId = id, CreatedAt = server.Clock.GetUtcNow().UtcDateTime });
        }

        await db.SaveChangesAsync();
    }
}

using System.Security.Cryptography;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.FieldKits;

[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class KitIntakeTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private TestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _kit = new TestKit(_server);
        await _kit.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        _kit.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<UploadReceipt> UploadAsync(BuiltPacket packet, byte[] envelope) =>
        await _kit.Upstream().UploadAsync(packet.PacketId, envelope, PacketBuilder.Sha256Hex(envelope), null,
            CancellationToken.None);

    [Fact]
    public async Task A_kit_packet_is_recorded_as_at_the_office_and_queued_for_the_centre_under_the_same_id()
    {
        var resident = await _server.AddAdultAsync();
        var packet = _kit.Packet(resident);

        await UploadAsync(packet, await _kit.SealAsync(packet));

        await using var db = _server.NewDbContext();
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.Equal(RecordStatus.BioCaptured, record.Status);
        Assert.Equal(RecordingLocation.School, record.RecordedWhere);
        var enrollment = await db.Enrollments.SingleAsync(e => e.Nik == resident.Nik.Value);
        Assert.Equal(packet.Manifest.Header.EnrollmentId, enrollment.Id);
        Assert.Equal("op.sekolah", enrollment.Operator);
        Assert.Equal("Disdukcapil Kota Dumai (field kit)", enrollment.Office);
        Assert.Equal("3:amputated", enrollment.MissingFingers);
        var stored = await db.Packets.SingleAsync(p => p.Id == packet.PacketId);
        Assert.Equal(packet.Sha256, stored.Sha256);
        Assert.Equal(packet.Content, _server.Cipher.OpenPacket(stored.Id, stored.Content));
        Assert.Equal(OutboxState.Pending, (await db.Outbox.SingleAsync(o => o.PacketId == packet.PacketId)).State);
        Assert.Equal(KitPacketState.Applied, (await db.KitPackets().SingleAsync()).State);
        var captured = await db.StatusEvents.SingleAsync(e => e.Nik == resident.Nik.Value);
        Assert.Contains("Mobil Sekolah 1", captured.Reason, StringComparison.Ordinal);
        Assert.Contains("LAPTOP-1", captured.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_upload_is_acknowledged_and_applied_once()
    {
        var resident = await _server.AddAdultAsync();
        var packet = _kit.Packet(resident);
        var envelope = await _kit.SealAsync(packet);

        var first = await UploadAsync(packet, envelope);
        var second = await UploadAsync(packet, envelope);

        Assert.Equal(first.ReceivedAt, second.ReceivedAt);
        await using var db = _server.NewDbContext();
        Assert.Equal(1, await db.Enrollments.CountAsync());
        Assert.Equal(1, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_replay_of_a_packet_id_with_other_content_is_refused()
    {
        var resident = await _server.AddAdultAsync();
        var packet = _kit.Packet(resident);
        await UploadAsync(packet, await _kit.SealAsync(packet));

        var refused = await Assert.ThrowsAsync<PacketRefusedException>(async () =>
            await UploadAsync(packet, await _kit.SealAsync(packet))); // sealed again: other bytes, same id

        Assert.Equal("packet-replay", refused.Code);
    }

    [Fact]
    public async Task A_resident_recorded_at_the_office_meanwhile_sets_the_kit_packet_aside_with_the_reason()
    {
        var resident = await _server.AddAsync(TestResidents.Make("BUDI SANTOSO", new DateOnly(1991, 4, 12)),
            RecordStatus.PrintReadyRecord);
        var packet = _kit.Packet(resident);
        var envelope = await _kit.SealAsync(packet);

        var refused = await Assert.ThrowsAsync<PacketRefusedException>(() => UploadAsync(packet, envelope));
        var again = await Assert.ThrowsAsync<PacketRefusedException>(() => UploadAsync(packet, envelope));

        Assert.Equal("record-changed", refused.Code);
        Assert.Contains("PRINT_READY_RECORD", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("recorded elsewhere", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(refused.Reason, again.Reason);
        await using var db = _server.NewDbContext();
        var ledger = await db.KitPackets().SingleAsync();
        Assert.Equal(KitPacketState.SetAside, ledger.State);
        Assert.Equal(packet.Content, _server.Cipher.OpenKitPacket(ledger.PacketId, ledger.Content!));
        Assert.Equal(0, await db.Enrollments.CountAsync());
        Assert.Equal(RecordStatus.PrintReadyRecord, (await db.Residents.SingleAsync()).Status);
    }

    [Fact]
    public async Task Biodata_corrected_at_the_regional_server_meanwhile_sets_the_kit_packet_aside_naming_the_fields()
    {
        var resident = await _server.AddAdultAsync("BUDI SANTOSA");
        var packet = _kit.Packet(resident);
        await using (var db = _server.NewDbContext())
        {
            var record = await db.Residents.SingleAsync();
            record.SetBiodata(resident with { Name = "BUDI SANTOSO", Occupation = "PETANI/PEKEBUN" });
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<PacketRefusedException>(async () =>
            await UploadAsync(packet, await _kit.SealAsync(packet)));

        Assert.Equal("record-changed", refused.Code);
        Assert.Contains("biodata changed", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("name, occupation", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_packet_signed_by_another_key_for_another_region_or_not_an_enrollment_is_refused_and_nothing_is_stored()
    {
        var resident = await _server.AddAdultAsync();
        var packet = _kit.Packet(resident);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = _kit.Packet(resident, regionCode: "6172");
        var change = _kit.Packet(resident, kind: PacketKinds.Change);

        var unknown = await Assert.ThrowsAsync<PacketRefusedException>(async () =>
            await UploadAsync(packet, await _kit.SealAsync(packet, stranger)));
        var region = await Assert.ThrowsAsync<PacketRefusedException>(async () =>
            await UploadAsync(other, await _kit.SealAsync(other, regionCode: "6172")));
        var kind = await Assert.ThrowsAsync<PacketRefusedException>(async () =>
            await UploadAsync(change, await _kit.SealAsync(change)));

        Assert.Equal("packet-sender-unknown", unknown.Code);
        Assert.Equal("packet-region-mismatch", region.Code);
        Assert.Equal("packet-kind-unknown", kind.Code);
        await using var db = _server.NewDbContext();
        Assert.False(await db.KitPackets().AnyAsync());
        Assert.False(await db.KitUploads().AnyAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_server.Database.DataDir, "uploads")));
    }
}

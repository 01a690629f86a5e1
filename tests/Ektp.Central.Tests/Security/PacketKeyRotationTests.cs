using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Tests.Security;

/// <summary>Packet keys rotate without losing packets: the centre's encryption key pair (old pairs kept in
/// keys/archive/), and an office's signing key (a region may hold a new registered key next to the old one).</summary>
[Trait("Category", "Database")]
public sealed class PacketKeyRotationTests
{
    [Fact]
    public async Task After_the_centre_rotates_its_encryption_key_a_packet_sealed_for_the_old_one_still_arrives()
    {
        var central = await CentralServer.StartAsync(runPipeline: false);
        try
        {
            var office = await central.RegisterOfficeAsync();
            var (oldId, sealedForOld) = central.Seal(office);
            var oldKey = PacketEnvelope.KeyId(central.Keys.Encryption);
            var archived = KeyFiles.RotateAgreementKey(
                Path.Combine(central.Database.DataDir, "keys", CentralKeys.EncryptionFile));
            central = await central.RestartAsync(runPipeline: false);
            var (newId, sealedForNew) = central.Seal(office);

            var old = await central.UploadAsync(oldId, sealedForOld);
            var renewed = await central.UploadAsync(newId, sealedForNew);

            Assert.Equal($"central-encryption-{oldKey}.pem", Path.GetFileName(archived));
            Assert.NotEqual(oldKey, PacketEnvelope.KeyId(central.Keys.Encryption));
            var published = await central.Client.GetFromJsonAsync<JsonElement>("/api/keys");
            Assert.Equal(Convert.ToBase64String(central.Keys.Encryption.ExportSubjectPublicKeyInfo()),
                published.GetProperty("encryptionKey").GetString());
            Assert.True(old.IsSuccessStatusCode, await old.Content.ReadAsStringAsync());
            Assert.True(renewed.IsSuccessStatusCode, await renewed.Content.ReadAsStringAsync());
            await using var db = central.NewDbContext();
            foreach (var packet in await db.Packets.ToListAsync())
            {
                PacketReader.Read(central.Cipher.OpenPacket(packet.PacketId, packet.Content));
            }

            Assert.Equal(2, await db.Packets.CountAsync());
        }
        finally
        {
            await central.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_office_with_a_new_registered_key_delivers_packets_signed_by_the_old_key_and_the_new()
    {
        await using var central = await CentralServer.StartAsync(runPipeline: false);
        var old = await central.RegisterOfficeAsync("1472");
        var (first, sealedByOld) = central.Seal(old);
        var renewed = await central.RegisterOfficeAsync("1472");
        var (second, sealedByNew) = central.Seal(renewed);

        var a = await central.UploadAsync(first, sealedByOld);
        var b = await central.UploadAsync(second, sealedByNew);

        Assert.True(a.IsSuccessStatusCode, await a.Content.ReadAsStringAsync());
        Assert.True(b.IsSuccessStatusCode, await b.Content.ReadAsStringAsync());
        await using var db = central.NewDbContext();
        var senders = await db.Packets.OrderBy(p => p.PacketId).Select(p => p.SenderKeyId).ToListAsync();
        Assert.Equal([PacketEnvelope.KeyId(old), PacketEnvelope.KeyId(renewed)], senders);
    }
}

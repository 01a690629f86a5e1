using System.Net;
using System.Text;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Printing;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ektp.Regional.Tests.Security;

/// <summary>
/// Encryption at rest on a real regional database (SQLite, and PostgreSQL in CI): a database from before it is
/// sealed at start and compacted; data keys rotate without losing old values and re-encryption retires them;
/// re-wrapping under a new master key leaves the old master key useless; a wrong or missing master key stops the
/// start with one line.
/// </summary>
[Trait("Category", "Database")]
public sealed class DataProtectionTests
{
    private static readonly DateTime Now = RegionalServer.DefaultNow.UtcDateTime;

    [Fact]
    public async Task A_database_from_before_encryption_at_rest_is_sealed_at_start_and_keeps_no_plaintext()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = DatabaseSettings.Resolve(database.ConnectionString, database.DataDir, "regional.db");
        var finger = TestFingerprints.Image(1);
        var template = FingerprintTemplate.Extract(FingerprintImage.Decode(finger, 500)).ToBytes();
        var packetId = Guid.CreateVersion7();
        var setAsideId = Guid.CreateVersion7();
        var cardId = Guid.CreateVersion7();
        var zip = Packet(packetId, finger, template);
        var setAside = Packet(setAsideId, finger, template);
        var chip = JsonSerializer.SerializeToUtf8Bytes(new { photo = Convert.ToBase64String(finger), template });
        await using (var db = RegionalDbContext.Create(settings))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_DataKeys", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            db.Packets.Add(new PacketRecord
            {
                Id = packetId,
                EnrollmentId = Guid.CreateVersion7(),
                Nik = "1472015204910001",
                CreatedAt = Now,
                Sha256 = PacketBuilder.Sha256Hex(zip),
                Size = zip.Length,
                Content = zip,
            });
            db.KitPackets().Add(new KitPacketRecord
            {
                PacketId = setAsideId,
                KitKeyId = new string('a', 32),
                EnvelopeSha256 = new string('0', 64),
                PacketSha256 = PacketBuilder.Sha256Hex(setAside),
                Nik = "1472015204910002",
                State = KitPacketState.SetAside,
                Reason = "test",
                Content = setAside,
            });
            db.Cards.Add(new CardRecord
            {
                Id = cardId,
                Nik = "1472015204910001",
                PacketId = packetId,
                BlankSerial = 1,
                Office = "1472",
                PrintedAt = Now,
                PrintedBy = "op.cetak",
                Chip = chip,
                ChipSignature = "x",
                QrText = "x",
            });
            await db.SaveChangesAsync();
        }

        var needles = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["PNG signature"] = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A],
            ["finger image"] = StoredBytes.Distinctive(finger),
            ["template"] = StoredBytes.Distinctive(template),
            ["template in the chip"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(template)[40..80]),
        };
        Assert.Equal(needles.Keys.Order(StringComparer.Ordinal), await StoredBytes.FindAsync(database, "regional.db", needles));

        await using (var server = await RegionalServer.StartAsync(database: database))
        {
            await using var db = server.NewDbContext();
            var packet = await db.Packets.SingleAsync();
            var kit = await db.KitPackets().SingleAsync();
            var card = await db.Cards.SingleAsync();
            Assert.True(AtRestEnvelope.IsSealed(packet.Content));
            Assert.True(AtRestEnvelope.IsSealed(kit.Content));
            Assert.True(AtRestEnvelope.IsSealed(card.Chip));
            Assert.Equal(zip, server.Cipher.OpenPacket(packetId, packet.Content));
            Assert.Equal(setAside, server.Cipher.OpenKitPacket(setAsideId, kit.Content!));
            Assert.Equal(chip, server.Cipher.OpenChip(cardId, card.Chip));
            Assert.Contains("3 values", (await db.Set<DataProtectionFact>().SingleAsync()).Value, StringComparison.Ordinal);
            var front = await server.Client.GetAsync($"/api/printing/cards/{cardId}/chip");
            Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        }

        Assert.Empty(await StoredBytes.FindAsync(database, "regional.db", needles));
    }

    [Fact]
    public async Task Rotation_keeps_old_values_readable_and_reencryption_retires_the_old_key()
    {
        await using var server = await RegionalServer.StartAsync();
        var first = await EnrollAsync(server, "SITI AMINAH");
        await using var db = server.NewDbContext();
        var cipher = new DataCipher();
        using (var master = new MasterKeySource(server.Database.DataDir).Load(createDefault: false))
        {
            Assert.Equal(2, await DataKeyStore.RotateAsync(db, master, cipher, Now));
        }

        Assert.Equal(2, cipher.CurrentKeyId);
        var firstStored = await db.Packets.AsNoTracking().SingleAsync(p => p.Id == first);
        Assert.Equal(1, AtRestEnvelope.KeyIdOf(firstStored.Content));
        Assert.Equal(server.Cipher.OpenPacket(first, firstStored.Content), cipher.OpenPacket(first, firstStored.Content));

        // The running server keeps sealing with the key it started with until it is restarted.
        var second = await EnrollAsync(server, "RINA WATI");
        Assert.Equal(1, AtRestEnvelope.KeyIdOf((await db.Packets.AsNoTracking().SingleAsync(p => p.Id == second)).Content));

        var report = await DataKeyStore.ReencryptAsync(db, cipher, RegionalAtRest.Columns, Now);

        Assert.Equal(2, report.Rewritten);
        Assert.Equal([1], report.Retired);
        Assert.Empty(report.StillInUse);
        var keys = await DataKeyStore.LoadKeysAsync(db);
        Assert.Null(keys.Single(k => k.Id == 1).WrappedKey);
        Assert.NotNull(keys.Single(k => k.Id == 1).RetiredAt);
        var restarted = new DataCipher();
        await DataKeyStore.OpenAsync(db, new MasterKeySource(server.Database.DataDir), restarted, RegionalAtRest.Columns, Now);
        Assert.Equal([2], restarted.KeyIds);
        foreach (var packet in await db.Packets.AsNoTracking().ToListAsync())
        {
            Assert.Equal(2, AtRestEnvelope.KeyIdOf(packet.Content));
            PacketReader.Read(restarted.OpenPacket(packet.Id, packet.Content));
        }
    }

    [Fact]
    public async Task Rewrapping_under_a_new_master_key_leaves_the_old_one_useless()
    {
        await using var server = await RegionalServer.StartAsync();
        var packetId = await EnrollAsync(server, "AGUS SALIM");
        var newKeyFile = Path.Combine(server.Database.DataDir, "elsewhere", "master.key");
        await using var db = server.NewDbContext();
        using (var old = new MasterKeySource(server.Database.DataDir).Load(createDefault: false))
        using (var replacement = MasterKey.CreateFile(newKeyFile))
        {
            Assert.Equal(1, await DataKeyStore.RewrapAsync(db, old, replacement));
        }

        var cipher = new DataCipher();
        await DataKeyStore.OpenAsync(db, new MasterKeySource(server.Database.DataDir, newKeyFile), cipher,
            RegionalAtRest.Columns, Now);
        var stored = await db.Packets.AsNoTracking().SingleAsync(p => p.Id == packetId);
        PacketReader.Read(cipher.OpenPacket(packetId, stored.Content));
        var refused = await Assert.ThrowsAsync<AtRestException>(() => DataKeyStore.OpenAsync(db,
            new MasterKeySource(server.Database.DataDir), new DataCipher(), RegionalAtRest.Columns, Now));
        Assert.Contains("is not the one", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_master_key_stops_the_start_with_one_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (await RegionalServer.StartAsync(database: database))
        {
        }

        var other = Path.Combine(database.DataDir, "other.key");
        MasterKey.CreateFile(other).Dispose();
        var wrong = await Assert.ThrowsAsync<AtRestException>(() => PrepareAsync(database, other));
        Assert.Contains("is not the one", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', wrong.Message);

        File.Move(MasterKey.DefaultPath(database.DataDir), Path.Combine(database.DataDir, "moved.key"));
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is not { Length: > 0 })
        {
            var missing = await Assert.ThrowsAsync<AtRestException>(() => PrepareAsync(database, null));
            Assert.Contains("none was given", missing.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(MasterKey.DefaultPath(database.DataDir)), "no new master key is made for an old database");
        }
    }

    private static async Task PrepareAsync(TestDatabase database, string? masterKeyFile)
    {
        await using var app = RegionalApp.Build(new RegionalSettings
        {
            RegionCode = "1472",
            Urls = "http://127.0.0.1:0",
            DataDir = database.DataDir,
            Db = database.ConnectionString,
            MasterKeyFile = masterKeyFile,
        });
        await RegionalApp.PrepareDatabaseAsync(app.Services);
    }

    private static async Task<Guid> EnrollAsync(RegionalServer server, string name)
    {
        var resident = await server.AddAdultAsync(name);
        var response = await server.Client.PostAsync("/api/enrollments", EnrollmentForm.Complete(resident.Nik.Value).Build());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("packetId").GetGuid();
    }

    private static byte[] Packet(Guid packetId, byte[] finger, byte[] template) => PacketBuilder.Build(
        new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil Kota Dumai", "op", "pc",
            DateTimeOffset.UnixEpoch, "office", "1472015204910001"),
        [
            new PacketPart("demographics.json", "application/json", "{}"u8.ToArray()),
            new PacketPart("fingers/01.png", "image/png", finger),
            new PacketPart("templates/01.tpl", EnrollmentService.TemplateContentType, template),
        ]).Content;
}

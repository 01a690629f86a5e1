using System.Text;
using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Central.Intake;
using Ektp.Central.Pipeline;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Tests.Security;

/// <summary>Encryption at rest at the centre: a database from before it (packets and the gallery's templates in
/// plaintext) is sealed at start, keeps no plaintext, and its gallery still loads and finds the person.</summary>
[Trait("Category", "Database")]
public sealed class DataProtectionTests
{
    [Fact]
    public async Task A_central_database_from_before_encryption_at_rest_is_sealed_at_start_and_its_gallery_still_loads()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = DatabaseSettings.Resolve(database.ConnectionString, database.DataDir, CentralApp.DatabaseFile);
        var template = SampleFingers.Template("DB1_B/101_1.png");
        var templateBytes = template.ToBytes();
        var packetId = Guid.CreateVersion7();
        var zip = PacketBuilder.Build(
            new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil", "op", "pc", DateTimeOffset.UnixEpoch,
                "office", "1472015204910001"),
            [
                new PacketPart("demographics.json", "application/json", "{}"u8.ToArray()),
                new PacketPart("templates/01.tpl", "application/vnd.ektp.fingerprint-template", templateBytes),
            ]).Content;
        await using (var db = CentralDbContext.Create(settings))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_DataKeys", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            db.Packets.Add(new ReceivedPacket
            {
                PacketId = packetId,
                EnvelopeSha256 = "",
                PacketSha256 = PacketBuilder.Sha256Hex(zip),
                RegionCode = "1472",
                SenderKeyId = new string('a', 32),
                Nik = "1472015204910001",
                Size = zip.Length,
                Content = zip,
            });
            db.Persons.Add(new EnrolledPerson
            {
                PacketId = packetId,
                Nik = "1472015204910001",
                RegionCode = "1472",
                Templates = LegacyPacked(FingerPosition.RightThumb, templateBytes),
            });
            await db.SaveChangesAsync();
        }

        var needles = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["template"] = StoredBytes.Distinctive(templateBytes),
            ["ZIP entry of a template"] = Encoding.ASCII.GetBytes("templates/01.tpl"),
        };
        Assert.Equal(needles.Keys.Order(StringComparer.Ordinal), await StoredBytes.FindAsync(database, CentralApp.DatabaseFile, needles));

        var server = await CentralServer.StartAsync(database: database);
        try
        {
            await using var db = server.NewDbContext();
            var person = await db.Persons.SingleAsync();
            var packet = await db.Packets.SingleAsync();
            Assert.True(AtRestEnvelope.IsSealed(person.Templates));
            Assert.True(AtRestEnvelope.IsSealed(packet.Content));
            Assert.Equal(zip, server.Cipher.OpenPacket(packetId, packet.Content));
            Assert.Equal(templateBytes,
                EnrolledPerson.UnpackTemplates(server.Cipher, packetId, person.Templates)[FingerPosition.RightThumb].ToBytes());

            // The gallery loads from the log, whose backfilled copy of the templates was sealed at start too.
            var gallery = server.App.Services.GetRequiredService<InProcessGallery>();
            await gallery.EnsureLoadedAsync(CancellationToken.None);
            var probe = new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightThumb] = SampleFingers.Template("DB1_B/101_2.png"),
            };
            Assert.Equal(person.Id, Assert.Single(gallery.Partition.Search(probe, null, 10, FingerprintMatcher.DefaultThreshold)).PersonId);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.Empty(await StoredBytes.FindAsync(database, CentralApp.DatabaseFile, needles));
    }

    /// <summary>persons.templates as written before encryption at rest: per finger its position (1 byte), length
    /// (4 bytes, little-endian) and template bytes.</summary>
    private static byte[] LegacyPacked(FingerPosition position, byte[] template)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)position);
        writer.Write(template.Length);
        writer.Write(template);
        writer.Flush();
        return stream.ToArray();
    }
}

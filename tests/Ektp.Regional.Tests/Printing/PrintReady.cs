using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Printing;

/// <summary>
/// Puts residents at PRINT_READY_RECORD the way the decision puller leaves them, without a centre: a recorded
/// packet (photo, signature, two templates), and a print permit signed by a test centre key that is pinned in the
/// server's `keys/central-signing.pub`, stored as verified.
/// </summary>
internal sealed class PrintReady
{
    private readonly RegionalServer _server;
    private long _sequence;

    public PrintReady(RegionalServer server)
    {
        _server = server;
        new RegionalKeys(server.Database.DataDir).PinCentralSigningKey(
            Convert.ToBase64String(CentreKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The test centre's signing key (lives as long as the test; an ECDsa holds no OS resource here).</summary>
    public ECDsa CentreKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task<(Resident Resident, Guid PacketId)> AddAsync(string name, DateTime recordedAt,
        DateOnly? birthDate = null, RecordingLocation where = RecordingLocation.Office, ECDsa? signer = null,
        Func<string, string>? alterPermit = null, Sex sex = Sex.Male)
    {
        var resident = TestResidents.Make(name, birthDate ?? new DateOnly(1990, 4, 12), sex);
        var packetId = Guid.CreateVersion7();
        var header = new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil Kota Dumai", "op.test",
            "TEST", new DateTimeOffset(recordedAt, TimeSpan.Zero), where.ToString().ToLowerInvariant(),
            resident.Nik.Value);
        var packet = PacketBuilder.Build(header,
        [
            new PacketPart("demographics.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(resident, PacketBuilder.Json)),
            new PacketPart("photo.jpg", "image/jpeg", TestImages.Jpeg(300, 360)),
            new PacketPart("signature.png", "image/png", TestImages.Png(300, 100)),
            new PacketPart("templates/02.tpl", EnrollmentService.TemplateContentType, Template(2)),
            new PacketPart("templates/07.tpl", EnrollmentService.TemplateContentType, Template(7)),
        ]);

        var permit = JsonSerializer.Serialize(new
        {
            permitId = Guid.CreateVersion7(),
            packetId,
            nik = resident.Nik.Value,
            regionCode = "1472",
            issuedAt = recordedAt.AddHours(1),
        });
        var signature = Convert.ToBase64String(
            (signer ?? CentreKey).SignData(Encoding.UTF8.GetBytes(permit), HashAlgorithmName.SHA256));

        await using var db = _server.NewDbContext();
        var record = ResidentRecord.From(resident, RecordStatus.PrintReadyRecord, recordedAt.AddHours(1));
        record.RecordedAt = recordedAt;
        record.RecordedWhere = where;
        db.Residents.Add(record);
        db.Families.Add(new FamilyRecord
        {
            KkNumber = resident.Kk.Value,
            HeadNik = resident.Nik.Value,
            Address = resident.Address,
            Rt = resident.Rt,
            Rw = resident.Rw,
            KelurahanCode = resident.KelurahanCode,
        });
        db.Packets.Add(new PacketRecord
        {
            Id = packetId,
            EnrollmentId = header.EnrollmentId,
            Nik = resident.Nik.Value,
            CreatedAt = recordedAt,
            Sha256 = packet.Sha256,
            Size = packet.Content.LongLength,
            Content = _server.Cipher.SealPacket(packetId, packet.Content),
        });
        db.Permits.Add(new PermitRecord
        {
            PacketId = packetId,
            Nik = resident.Nik.Value,
            Sequence = Interlocked.Increment(ref _sequence),
            Permit = alterPermit?.Invoke(permit) ?? permit,
            Signature = signature,
            Verified = true, // as the puller stored it; the printer checks it again
            ReceivedAt = recordedAt.AddHours(1),
        });
        await db.SaveChangesAsync();
        return (resident, packetId);
    }

    /// <summary>A delivery of blanks through the API.</summary>
    public async Task AddBlanksAsync(long first, long last, string office = "1472")
    {
        var response = await _server.Client.PostAsJsonAsync("/api/printing/stock/deliveries",
            new { office, firstSerial = first, lastSerial = last, receivedBy = "gudang", reference = "BA-1" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static byte[] Template(int seed)
    {
        var random = new Random(seed);
        var minutiae = Enumerable.Range(0, 30).Select(_ => new Minutia((short)random.Next(20, 380),
            (short)random.Next(20, 460), (byte)random.Next(256), MinutiaType.Ending, 80));
        return FingerprintTemplate.FromMinutiae(minutiae, 400, 480, 70).ToBytes();
    }
}

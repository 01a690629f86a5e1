using System.Globalization;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Intake;
using Ektp.Central.Pipeline;
using Ektp.Core.Packets;
using Ektp.Core.Regions;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Adjudication;

/// <summary>
/// Everything an adjudicator looks at for one case, read back from the two stored packets: who was recorded where
/// and when, the photos, every finger's image and template, and the matcher's explanation of each finger pair.
/// Nothing here trusts a packet to be whole: a part that is missing or cannot be read becomes a gap on the page.
/// </summary>
internal sealed class CaseDossiers(CentralDbContext db, AuditTrail audit, DataCipher cipher)
{
    /// <summary>Which packet of a case: <c>baru</c> (the later one, under examination) or <c>lama</c> (the earlier).</summary>
    public const string LaterSide = "baru";
    public const string EarlierSide = "lama";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CaseDossier?> LoadAsync(long id, CancellationToken ct)
    {
        var record = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (record is null)
        {
            return null;
        }

        // Both people's records are opened: one entry for each (one when the case is a NIK recorded twice).
        await audit.RecordAsync([.. new[] { (record.Nik, LaterSide), (record.MatchedNik, EarlierSide) }
            .DistinctBy(s => s.Item1)
            .Select(s => new AuditEvent(AuditActions.PersonRead, s.Item1, $"case {id}, {s.Item2}"))], ct);
        var packets = await db.Packets.AsNoTracking()
            .Where(p => p.PacketId == record.PacketId || p.PacketId == record.MatchedPacketId).ToListAsync(ct);
        var later = ReadSide(packets.SingleOrDefault(p => p.PacketId == record.PacketId), record.PacketId,
            record.Nik, record.RegionCode);
        var earlier = ReadSide(packets.SingleOrDefault(p => p.PacketId == record.MatchedPacketId),
            record.MatchedPacketId, record.MatchedNik, record.MatchedRegionCode);
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.PacketId == record.PacketId || d.CaseId == id).OrderBy(d => d.Sequence)
            .Select(d => new CaseDecision(d.Sequence, d.RegionCode, d.Nik, d.Kind, d.Step, d.Reason, d.DecidedAt))
            .ToListAsync(ct);
        return new CaseDossier(CaseView.Of(record), later, earlier, Compare(later, earlier),
            ReadCandidates(record.Candidates), decisions);
    }

    /// <summary>
    /// The stored packet of one side of a case, opened. <c>CaseExists</c> is false for an unknown case;
    /// <c>Packet</c> is null when the packet is missing or cannot be read. The read of the image
    /// (<paramref name="part"/>) is written to the audit log.
    /// </summary>
    public async Task<(bool CaseExists, VerifiedPacket? Packet)> OpenAsync(long id, string side, string part,
        CancellationToken ct)
    {
        var ids = await db.Cases.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.PacketId, c.MatchedPacketId, c.Nik, c.MatchedNik }).SingleOrDefaultAsync(ct);
        if (ids is null)
        {
            return (false, null);
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.PersonRead, side == LaterSide ? ids.Nik : ids.MatchedNik,
            $"case {id}, {side} {part}"), ct);

        var packetId = side == LaterSide ? ids.PacketId : ids.MatchedPacketId;
        var content = await db.Packets.AsNoTracking().Where(p => p.PacketId == packetId).Select(p => p.Content)
            .SingleOrDefaultAsync(ct);
        return (true, TryOpen(packetId, content, out var packet) ? packet : null);
    }

    /// <summary>Decrypts and reads a stored packet; false when it is missing, does not decrypt (altered in the
    /// database, or moved from another row) or is not a readable packet.</summary>
    private bool TryOpen(Guid packetId, byte[]? content, out VerifiedPacket? packet)
    {
        packet = null;
        if (content is null)
        {
            return false;
        }

        try
        {
            packet = PacketReader.Read(cipher.OpenPacket(packetId, content));
            return true;
        }
        catch (Exception ex) when (ex is EnvelopeException or AtRestException)
        {
            return false;
        }
    }

    internal PacketSide ReadSide(ReceivedPacket? stored, Guid packetId, string nik, string region)
    {
        if (stored is null)
        {
            return PacketSide.Gap(packetId, nik, region, "packet-missing");
        }

        if (!TryOpen(packetId, stored.Content, out var packet))
        {
            return PacketSide.Gap(packetId, nik, region, "packet-unreadable") with { ReceivedAt = stored.ReceivedAt };
        }

        var parts = packet!.Parts;
        var fingers = new Dictionary<int, FingerSide>();
        for (var position = 1; position <= 10; position++)
        {
            var imageName = PacketImages.FindPart(parts.Keys, $"fingers/{position:00}.");
            parts.TryGetValue($"templates/{position:00}.tpl", out var templateBytes);
            if (imageName is null && templateBytes is null)
            {
                continue;
            }

            FingerprintTemplate? template = null;
            if (templateBytes is not null)
            {
                try
                {
                    template = FingerprintTemplate.FromBytes(templateBytes);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidDataException or
                                               EndOfStreamException)
                {
                    template = null; // shown as a finger without minutiae
                }
            }

            fingers[position] = new FingerSide(position,
                imageName is null ? null : new ImagePart(imageName, PacketImages.Inspect(parts[imageName])), template);
        }

        return new PacketSide(packetId, nik, region, stored.ReceivedAt, null, packet.Manifest.Header,
            ReadPerson(parts.GetValueOrDefault("demographics.json")),
            Image(parts, "photo."), Image(parts, "signature."), fingers, ReadMissing(parts));
    }

    private static ImagePart? Image(IReadOnlyDictionary<string, byte[]> parts, string prefix) =>
        PacketImages.FindPart(parts.Keys, prefix) is { } name
            ? new ImagePart(name, PacketImages.Inspect(parts[name]))
            : null;

    /// <summary>The demographics part (Core's <c>Resident</c> as JSON), read field by field and forgivingly.</summary>
    internal static PersonFacts? ReadPerson(byte[]? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var kelurahan = Text(root, "kelurahanCode");
            var kelurahanRegion = kelurahan is null ? null : RegionCatalog.Official.Find(kelurahan);
            var kecamatan = kelurahan is { Length: >= 6 } ? RegionCatalog.Official.Find(kelurahan[..6]) : null;
            return new PersonFacts(
                Text(root, "nik"), Text(root, "name"), Text(root, "birthPlace"),
                DateOnly.TryParseExact(Text(root, "birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var birth) ? birth : null,
                Text(root, "sex")?.ToLowerInvariant(), Text(root, "address"), Number(root, "rt"), Number(root, "rw"),
                kelurahan, kelurahanRegion?.Name, kecamatan?.Name);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string, or the <c>value</c> of a wrapped one (NIK and KK are serialised as objects).</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner))
        {
            value = inner;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static int? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number &&
        value.TryGetInt32(out var number) ? number : null;

    private static Dictionary<int, string> ReadMissing(IReadOnlyDictionary<string, byte[]> parts)
    {
        if (!parts.TryGetValue("missing-fingers.json", out var json))
        {
            return new Dictionary<int, string>();
        }

        try
        {
            return (JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [])
                .Where(m => int.TryParse(m.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .ToDictionary(m => int.Parse(m.Key, CultureInfo.InvariantCulture), m => m.Value);
        }
        catch (JsonException)
        {
            return new Dictionary<int, string>();
        }
    }

    private static List<SearchHit> ReadCandidates(string? json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<SearchHit>>(json ?? "[]", Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Every finger position either side holds, with the matcher's explanation when both have a template.</summary>
    internal static IReadOnlyList<FingerComparison> Compare(PacketSide later, PacketSide earlier)
    {
        var positions = later.Fingers.Keys.Union(earlier.Fingers.Keys).Order();
        var result = new List<FingerComparison>();
        foreach (var position in positions)
        {
            var probe = later.Fingers.GetValueOrDefault(position);
            var candidate = earlier.Fingers.GetValueOrDefault(position);
            Biometrics.FingerprintComparison? explained = null;
            if (probe?.Template is { } p && candidate?.Template is { } c)
            {
                explained = new FingerprintMatcher(p).Explain(c);
            }

            result.Add(new FingerComparison(position, probe, candidate, explained?.Score,
                explained?.Pairs ?? [], later.MissingFingers.GetValueOrDefault(position),
                earlier.MissingFingers.GetValueOrDefault(position)));
        }

        return result;
    }
}

internal sealed record CaseDossier(CaseView Case, PacketSide Later, PacketSide Earlier,
    IReadOnlyList<FingerComparison> Fingers, IReadOnlyList<SearchHit> Candidates,
    IReadOnlyList<CaseDecision> Decisions)
{
    /// <summary>The per-finger scores added up, as the gallery fuses them (it may skip weak fingers).</summary>
    public double FingerScoreSum => Fingers.Sum(f => f.Score ?? 0);
}

/// <summary>One packet of a case. <see cref="Problem"/> (a code) is set when it could not be read at all.</summary>
internal sealed record PacketSide(Guid PacketId, string Nik, string RegionCode, DateTime? ReceivedAt, string? Problem,
    PacketHeader? Header, PersonFacts? Person, ImagePart? Photo, ImagePart? Signature,
    IReadOnlyDictionary<int, FingerSide> Fingers, IReadOnlyDictionary<int, string> MissingFingers)
{
    public static PacketSide Gap(Guid packetId, string nik, string region, string problem) => new(packetId, nik,
        region, null, problem, null, null, null, null, new Dictionary<int, FingerSide>(), new Dictionary<int, string>());
}

/// <summary>The resident as the recording office's registry held them (demographics.json).</summary>
internal sealed record PersonFacts(string? Nik, string? Name, string? BirthPlace, DateOnly? BirthDate, string? Sex,
    string? Address, int? Rt, int? Rw, string? KelurahanCode, string? Kelurahan, string? Kecamatan);

/// <summary>An image part of a packet; <see cref="Info"/> is null when the bytes are not a readable image.</summary>
internal sealed record ImagePart(string Name, ImageInfo? Info);

/// <summary>One finger of one packet: its image (if sent) and template (if readable).</summary>
internal sealed record FingerSide(int Position, ImagePart? Image, FingerprintTemplate? Template);

/// <summary>One finger position of both packets, with the matcher's score and paired minutiae.</summary>
internal sealed record FingerComparison(int Position, FingerSide? Later, FingerSide? Earlier, double? Score,
    IReadOnlyList<MinutiaPair> Pairs, string? LaterMissing, string? EarlierMissing);

internal sealed record CaseDecision(long Sequence, string RegionCode, string Nik, string Kind, string Step,
    string? Reason, DateTime DecidedAt);

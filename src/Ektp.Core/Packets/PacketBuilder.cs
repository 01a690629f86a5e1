using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ektp.Core.Packets;

/// <summary>
/// Builds the immutable packet of one enrollment: a ZIP holding <c>manifest.json</c> (ids, region, office, operator,
/// device, time and the SHA-256 of every other part) followed by the parts. Entries carry a fixed timestamp so the
/// same content always gives the same bytes and hash. Format: docs/packet.md.
/// </summary>
public static class PacketBuilder
{
    /// <summary>The format name written in every manifest.</summary>
    public const string Format = "ektp-packet/1";

    /// <summary>The name of the manifest entry.</summary>
    public const string ManifestName = "manifest.json";

    private static readonly DateTimeOffset EntryTime = new(2011, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>JSON settings of manifests and JSON parts (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Builds a packet.</summary>
    /// <param name="header">Who recorded whom, where and when.</param>
    /// <param name="parts">The parts, each with a unique name.</param>
    /// <returns>The packet bytes with their SHA-256 and manifest.</returns>
    public static BuiltPacket Build(PacketHeader header, IReadOnlyList<PacketPart> parts)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(parts);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (!names.Add(part.Name) || part.Name == ManifestName)
            {
                throw new ArgumentException($"Packet part name {part.Name} is repeated or reserved", nameof(parts));
            }
        }

        var manifest = new PacketManifest(Format, header, parts
            .Select(p => new PacketPartEntry(p.Name, p.ContentType, p.Content.Length, Sha256Hex(p.Content)))
            .ToList());
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, ManifestName, manifestBytes, CompressionLevel.Optimal);
            foreach (var part in parts)
            {
                // Images are already compressed; storing them saves CPU on the field laptop.
                var level = part.ContentType.StartsWith("image/", StringComparison.Ordinal)
                    ? CompressionLevel.NoCompression
                    : CompressionLevel.Optimal;
                Add(zip, part.Name, part.Content, level);
            }
        }

        var bytes = buffer.ToArray();
        return new BuiltPacket(header.PacketId, bytes, Sha256Hex(bytes), manifest);
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}

/// <summary>Who recorded whom, where and when: the header of a packet's manifest.</summary>
/// <param name="PacketId">The packet id (UUIDv7).</param>
/// <param name="EnrollmentId">The enrollment id.</param>
/// <param name="RegionCode">The recording office's kab/kota code (4 digits).</param>
/// <param name="Office">The office's name.</param>
/// <param name="Operator">The operator's user name.</param>
/// <param name="Device">The capture device or workstation.</param>
/// <param name="RecordedAt">When the enrollment was recorded.</param>
/// <param name="Location">office, kecamatan, school, prison, company, village or home.</param>
/// <param name="Nik">The resident's NIK.</param>
/// <param name="Kind">What the packet carries: null (not written, so enrollment packets keep their bytes) for an
/// enrollment, <see cref="PacketKinds.Change"/> for an approved data change (<c>EnrollmentId</c> then holds the
/// change's id). See <see cref="PacketKinds"/>.</param>
public sealed record PacketHeader(
    Guid PacketId,
    Guid EnrollmentId,
    string RegionCode,
    string Office,
    string Operator,
    string Device,
    DateTimeOffset RecordedAt,
    string Location,
    string Nik,
    string? Kind = null);

/// <summary>The kinds of packet (<see cref="PacketHeader.Kind"/>); docs/packet.md.</summary>
public static class PacketKinds
{
    /// <summary>An enrollment (perekaman); written as no <c>kind</c> at all, as before kinds existed.</summary>
    public const string Enrollment = "enrollment";

    /// <summary>An approved data change (perubahan data): <c>change.json</c> and the resident's demographics after
    /// it; no biometrics, so the centre records it without deduplication.</summary>
    public const string Change = "change";

    /// <summary>The kind of <paramref name="header"/>: <see cref="Enrollment"/> when none is written.</summary>
    /// <param name="header">A packet header.</param>
    /// <returns>The kind.</returns>
    public static string Of(PacketHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.Kind ?? Enrollment;
    }

    /// <summary>True for the kinds this version knows.</summary>
    /// <param name="kind">A kind.</param>
    /// <returns>Whether it is known.</returns>
    public static bool IsKnown(string kind) => kind is Enrollment or Change;
}

/// <summary>One part of a packet.</summary>
/// <param name="Name">Entry name, e.g. <c>fingers/01.png</c>.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Content">The bytes.</param>
public sealed record PacketPart(string Name, string ContentType, byte[] Content);

/// <summary>A part as the manifest lists it.</summary>
/// <param name="Name">Entry name.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
public sealed record PacketPartEntry(string Name, string ContentType, long Size, string Sha256);

/// <summary>The manifest of a packet.</summary>
/// <param name="Format">Always <see cref="PacketBuilder.Format"/>.</param>
/// <param name="Header">Who recorded whom, where and when.</param>
/// <param name="Parts">Every other entry with its size and SHA-256.</param>
public sealed record PacketManifest(string Format, PacketHeader Header, IReadOnlyList<PacketPartEntry> Parts);

/// <summary>A packet as built.</summary>
/// <param name="PacketId">The packet id.</param>
/// <param name="Content">The ZIP bytes.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Content"/>.</param>
/// <param name="Manifest">The manifest written into it.</param>
public sealed record BuiltPacket(Guid PacketId, byte[] Content, string Sha256, PacketManifest Manifest);

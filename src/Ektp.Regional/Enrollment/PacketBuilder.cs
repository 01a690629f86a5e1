using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ektp.Regional.Enrollment;

/// <summary>
/// Builds the immutable packet of one enrollment: a ZIP holding `manifest.json` (ids, region, office, operator,
/// device, time and the SHA-256 of every other part) followed by the parts. Entries carry a fixed timestamp so
/// that the same content always gives the same bytes and hash. Format: docs/packet.md.
/// </summary>
internal static class PacketBuilder
{
    public const string Format = "ektp-packet/1";
    private static readonly DateTimeOffset EntryTime = new(2011, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static BuiltPacket Build(PacketHeader header, IReadOnlyList<PacketPart> parts)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (!names.Add(part.Name) || part.Name == "manifest.json")
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
            Add(zip, "manifest.json", manifestBytes, CompressionLevel.Optimal);
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

    public static PacketManifest ReadManifest(byte[] packet)
    {
        using var zip = new ZipArchive(new MemoryStream(packet), ZipArchiveMode.Read);
        var entry = zip.GetEntry("manifest.json") ?? throw new InvalidDataException("Packet has no manifest.json");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<PacketManifest>(stream, Json)
            ?? throw new InvalidDataException("Packet manifest is empty");
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}

internal sealed record PacketHeader(
    Guid PacketId,
    Guid EnrollmentId,
    string RegionCode,
    string Office,
    string Operator,
    string Device,
    DateTimeOffset RecordedAt,
    string Location,
    string Nik);

internal sealed record PacketPart(string Name, string ContentType, byte[] Content);

internal sealed record PacketPartEntry(string Name, string ContentType, long Size, string Sha256);

internal sealed record PacketManifest(string Format, PacketHeader Header, IReadOnlyList<PacketPartEntry> Parts);

internal sealed record BuiltPacket(Guid PacketId, byte[] Content, string Sha256, PacketManifest Manifest);

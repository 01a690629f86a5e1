using System.IO.Compression;
using System.Text.Json;

namespace Ektp.Core.Packets;

/// <summary>
/// Opens a packet and checks it against its manifest: every listed part present with its size and SHA-256, nothing
/// else in the archive, and bounded sizes so a hostile ZIP cannot exhaust memory.
/// </summary>
public static class PacketReader
{
    /// <summary>Most entries a packet may hold (manifest, demographics, photo, signature, 10 images, 10 templates, …).</summary>
    public const int MaxEntries = 64;

    /// <summary>Most bytes all entries may expand to.</summary>
    public const long MaxExpandedBytes = 64L * 1024 * 1024;

    /// <summary>Reads and verifies a packet.</summary>
    /// <param name="packet">The ZIP bytes.</param>
    /// <returns>The manifest and the parts by name.</returns>
    /// <exception cref="EnvelopeException">Code <c>packet-malformed</c> or <c>packet-manifest-invalid</c>.</exception>
    public static VerifiedPacket Read(byte[] packet)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(packet, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw Invalid($"The packet holds {zip.Entries.Count} entries; at most {MaxEntries} are allowed.");
            }

            var manifestEntry = zip.GetEntry(PacketBuilder.ManifestName)
                ?? throw Invalid("The packet has no manifest.json.");
            var manifest = JsonSerializer.Deserialize<PacketManifest>(ReadEntry(manifestEntry, 1024 * 1024),
                PacketBuilder.Json) ?? throw Invalid("The manifest is empty.");
            if (manifest.Format != PacketBuilder.Format || manifest.Header is null || manifest.Parts is null)
            {
                throw Invalid($"The manifest is not of format {PacketBuilder.Format}.");
            }

            var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long expanded = 0;
            foreach (var listed in manifest.Parts)
            {
                var entry = zip.GetEntry(listed.Name) ?? throw Invalid($"The part {listed.Name} is missing.");
                if (listed.Size < 0 || (expanded += listed.Size) > MaxExpandedBytes)
                {
                    throw Invalid("The packet's parts are larger than allowed.");
                }

                var bytes = ReadEntry(entry, listed.Size);
                if (bytes.LongLength != listed.Size ||
                    !string.Equals(PacketBuilder.Sha256Hex(bytes), listed.Sha256, StringComparison.Ordinal))
                {
                    throw Invalid($"The part {listed.Name} does not match the size and SHA-256 in the manifest.");
                }

                if (!parts.TryAdd(listed.Name, bytes))
                {
                    throw Invalid($"The part {listed.Name} is listed twice.");
                }
            }

            if (zip.Entries.Count != manifest.Parts.Count + 1)
            {
                throw Invalid("The packet holds entries its manifest does not list.");
            }

            return new VerifiedPacket(manifest, parts);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or NotSupportedException)
        {
            throw new EnvelopeException("packet-malformed", "The packet is not a readable ZIP with a JSON manifest.");
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long limit)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > limit)
            {
                throw Invalid($"The part {entry.FullName} is larger than its manifest says.");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static EnvelopeException Invalid(string reason) => new("packet-manifest-invalid", reason);
}

/// <summary>A packet whose every part matched its manifest.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Parts">The parts by entry name.</param>
public sealed record VerifiedPacket(PacketManifest Manifest, IReadOnlyDictionary<string, byte[]> Parts);

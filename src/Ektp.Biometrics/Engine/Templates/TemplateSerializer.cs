using System.Buffers.Binary;
using Ektp.Biometrics.Engine.Extraction;
using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Engine.Templates;

/// <summary>
/// Layout (big-endian): "EKF" magic, version byte, width u16, height u16, quality u8, count u8, then per minutia
/// x u16 (type in the top two bits), y u16, angle u8, quality u8; in versions 2 and 3 then the packed orientation grid
/// (<see cref="OrientationGrid.Pack"/>: left, top, columns, rows, two cells a byte); in version 3 then the ridge
/// counts: their number u16 and two counts a byte, high nibble first (<see cref="LocalStructure.CountedEdges"/>
/// order); finally a 16-bit Fletcher checksum. A template without an orientation grid (from ISO minutiae) is written
/// as version 1, one with a grid but no ridge counts as version 2; all three are read.
/// </summary>
internal static class TemplateSerializer
{
    public const byte Version = 3;
    private const int HeaderSize = 10;
    private const int MinutiaSize = 6;

    public static byte[] Write(FingerprintTemplate template)
    {
        var minutiae = template.MinutiaSpan;
        var grid = template.Orientation ?? [];
        var counts = grid.Length > 0 ? template.RidgeCounts ?? [] : [];
        var countBytes = counts.Length > 0 ? 2 + ((counts.Length + 1) / 2) : 0;
        var bytes = new byte[HeaderSize + (MinutiaSize * minutiae.Length) + grid.Length + countBytes + 2];
        bytes[0] = (byte)'E';
        bytes[1] = (byte)'K';
        bytes[2] = (byte)'F';
        bytes[3] = grid.Length == 0 ? (byte)1 : counts.Length == 0 ? (byte)2 : Version;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)template.Width);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), (ushort)template.Height);
        bytes[8] = (byte)template.Quality;
        bytes[9] = (byte)minutiae.Length;
        for (var i = 0; i < minutiae.Length; i++)
        {
            var m = minutiae[i];
            var at = HeaderSize + (i * MinutiaSize);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)(((int)m.Type << 14) | (m.X & 0x3FFF)));
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)(m.Y & 0x3FFF));
            bytes[at + 4] = m.Angle;
            bytes[at + 5] = m.Quality;
        }

        grid.CopyTo(bytes.AsSpan(HeaderSize + (MinutiaSize * minutiae.Length)));
        if (counts.Length > 0)
        {
            var at = HeaderSize + (MinutiaSize * minutiae.Length) + grid.Length;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)counts.Length);
            for (var k = 0; k < counts.Length; k++)
            {
                bytes[at + 2 + (k >> 1)] |= (byte)((counts[k] & 15) << ((~k & 1) << 2));
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(bytes.Length - 2), Checksum(bytes.AsSpan(0, bytes.Length - 2)));
        return bytes;
    }

    public static FingerprintTemplate Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize + 2 || bytes[0] != 'E' || bytes[1] != 'K' || bytes[2] != 'F')
        {
            throw new FormatException("Not an ektp fingerprint template (bad magic or too short).");
        }

        var version = bytes[3];
        if (version is not (1 or 2 or Version))
        {
            throw new FormatException($"Fingerprint template version {version} is not supported (this engine reads 1 to 3).");
        }

        int count = bytes[9];
        var end = HeaderSize + (count * MinutiaSize);
        var grid = version == 1 || bytes.Length < end + 2 ? 0 : OrientationGrid.PackedLength(bytes[end..^2]);
        var ridgeCounts = version == Version && grid > 0 && bytes.Length >= end + grid + 4
            ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(end + grid)..])
            : 0;
        var countBytes = version == Version ? 2 + ((ridgeCounts + 1) / 2) : 0;
        if (count > Parameters.MaxMinutiae || grid < 0 || (version > 1 && grid == 0) || (version == Version && ridgeCounts == 0)
            || bytes.Length != end + grid + countBytes + 2)
        {
            throw new FormatException(
                "Fingerprint template length does not match its minutia count, orientation grid and ridge counts.");
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(bytes[^2..]) != Checksum(bytes[..^2]))
        {
            throw new FormatException("Fingerprint template checksum mismatch (corrupted bytes).");
        }

        int width = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]);
        var minutiae = new Minutia[count];
        for (var i = 0; i < count; i++)
        {
            var at = HeaderSize + (i * MinutiaSize);
            int xt = BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);
            int y = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            var type = (MinutiaType)(xt >> 14);
            if (type > MinutiaType.Bifurcation || bytes[at + 5] > 100)
            {
                throw new FormatException("Fingerprint template holds an invalid minutia.");
            }

            minutiae[i] = new Minutia((short)(xt & 0x3FFF), (short)(y & 0x3FFF), bytes[at + 4], type, bytes[at + 5]);
        }

        byte[]? counts = null;
        if (ridgeCounts > 0)
        {
            counts = new byte[ridgeCounts];
            var packed = bytes.Slice(end + grid + 2, (ridgeCounts + 1) / 2);
            for (var k = 0; k < ridgeCounts; k++)
            {
                counts[k] = (byte)((packed[k >> 1] >> ((~k & 1) << 2)) & 15);
            }
        }

        return new FingerprintTemplate(minutiae, width, height, Math.Min((int)bytes[8], 100))
        {
            Orientation = grid > 0 ? bytes.Slice(end, grid).ToArray() : null,
            RidgeCounts = counts,
        };
    }

    // Fletcher-16, its sums reduced modulo 255 once at the end rather than after every byte (the same result; a long
    // holds the unreduced sums of any span shorter than 100 MB).
    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        long a = 0, b = 0;
        foreach (var x in data)
        {
            a += x;
            b += a;
        }

        return (ushort)(((b % 255) << 8) | (a % 255));
    }
}

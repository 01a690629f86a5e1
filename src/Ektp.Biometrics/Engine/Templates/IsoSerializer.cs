using System.Buffers.Binary;

namespace Ektp.Biometrics.Engine.Templates;

/// <summary>
/// ISO/IEC 19794-2:2005 finger minutiae record: 24-byte header ("FMR\0", " 20\0", length u32, equipment, size,
/// resolution in px/cm), finger views of 4 bytes plus 6 bytes per minutia, extended data length. ISO angles run
/// counter-clockwise on screen, ours clockwise (image y grows downwards), hence the negation.
/// </summary>
internal static class IsoSerializer
{
    private const int HeaderSize = 24;
    private const int PixelsPerCm500Dpi = 197;

    public static byte[] Write(FingerprintTemplate template)
    {
        var minutiae = template.MinutiaSpan;
        var count = Math.Min(minutiae.Length, 255);
        var length = HeaderSize + 4 + (6 * count) + 2;
        var bytes = new byte[length];
        "FMR\0 20\0"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)length);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)template.Width);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(16), (ushort)template.Height);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(18), PixelsPerCm500Dpi);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), PixelsPerCm500Dpi);
        bytes[22] = 1;
        bytes[HeaderSize + 2] = (byte)Math.Clamp(template.Quality, 0, 100);
        bytes[HeaderSize + 3] = (byte)count;
        for (var i = 0; i < count; i++)
        {
            var m = minutiae[i];
            var at = HeaderSize + 4 + (6 * i);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)(((int)m.Type << 14) | (m.X & 0x3FFF)));
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)(m.Y & 0x3FFF));
            bytes[at + 4] = (byte)(256 - m.Angle);
            bytes[at + 5] = m.Quality;
        }

        return bytes;
    }

    public static FingerprintTemplate Read(ReadOnlySpan<byte> record)
    {
        if (record.Length < HeaderSize + 4 || !record[..8].SequenceEqual("FMR\0 20\0"u8))
        {
            throw new FormatException("Not an ISO/IEC 19794-2:2005 record (bad format identifier or version).");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
        if (length < HeaderSize + 4 || length > record.Length)
        {
            throw new FormatException("ISO/IEC 19794-2 record length field does not match the data.");
        }

        record = record[..(int)length];
        int width = BinaryPrimitives.ReadUInt16BigEndian(record[14..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(record[16..]);
        int xres = BinaryPrimitives.ReadUInt16BigEndian(record[18..]);
        int yres = BinaryPrimitives.ReadUInt16BigEndian(record[20..]);
        if (record[22] == 0)
        {
            throw new FormatException("ISO/IEC 19794-2 record holds no finger view.");
        }

        // Records that leave the resolution at 0 are taken to be 500 dpi, the standard's own default.
        var sx = xres == 0 ? 1.0 : PixelsPerCm500Dpi / (double)xres;
        var sy = yres == 0 ? 1.0 : PixelsPerCm500Dpi / (double)yres;
        var view = record[HeaderSize..];
        int quality = view[2];
        int count = view[3];
        if (4 + (6 * count) > view.Length)
        {
            throw new FormatException("ISO/IEC 19794-2 record is truncated inside its minutiae.");
        }

        var minutiae = new List<Minutia>(count);
        for (var i = 0; i < count; i++)
        {
            var at = 4 + (6 * i);
            int xt = BinaryPrimitives.ReadUInt16BigEndian(view[at..]);
            int y = BinaryPrimitives.ReadUInt16BigEndian(view[(at + 2)..]) & 0x3FFF;
            var type = (xt >> 14) switch
            {
                1 => MinutiaType.Ending,
                2 => MinutiaType.Bifurcation,
                _ => MinutiaType.Other,
            };
            var x = (short)Math.Min(short.MaxValue, Math.Round((xt & 0x3FFF) * sx));
            var yy = (short)Math.Min(short.MaxValue, Math.Round(y * sy));
            minutiae.Add(new Minutia(x, yy, (byte)(256 - view[at + 4]), type, Math.Min(view[at + 5], (byte)100)));
        }

        return FingerprintTemplate.FromMinutiae(
            minutiae, (int)Math.Round(width * sx), (int)Math.Round(height * sy), Math.Min(quality, 100));
    }
}

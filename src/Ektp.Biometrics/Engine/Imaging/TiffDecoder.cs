using System.Buffers.Binary;

namespace Ektp.Biometrics.Engine.Imaging;

/// <summary>
/// Baseline TIFF, uncompressed 8-bit grayscale only (the format of many sensor dumps, which SkiaSharp
/// cannot read). Every offset is checked against the buffer before it is followed.
/// </summary>
internal static class TiffDecoder
{
    private const int MaxTags = 512;

    public static bool IsTiff(ReadOnlySpan<byte> b) =>
        b.Length >= 4
        && ((b[0] == (byte)'I' && b[1] == (byte)'I' && b[2] == 42 && b[3] == 0)
            || (b[0] == (byte)'M' && b[1] == (byte)'M' && b[2] == 0 && b[3] == 42));

    public static RawImage Decode(ReadOnlySpan<byte> data, int dpi)
    {
        var little = data[0] == (byte)'I';
        if (data.Length < 8)
        {
            throw Truncated();
        }

        var ifd = ReadU32(data, 4, little);
        if (ifd < 8 || ifd > data.Length - 2)
        {
            throw Truncated();
        }

        int count = ReadU16(data, (int)ifd, little);
        if (count == 0 || count > MaxTags || ifd + 2 + (12L * count) > data.Length)
        {
            throw new FingerprintImageException("image-malformed", "The TIFF directory is damaged.");
        }

        long width = 0, height = 0, bits = 1, compression = 1, photometric = -1, samples = 1;
        long rowsPerStrip = long.MaxValue;
        long[]? offsets = null, counts = null;
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (12 * i);
            int tag = ReadU16(data, entry, little);
            int type = ReadU16(data, entry + 2, little);
            var n = ReadU32(data, entry + 4, little);
            switch (tag)
            {
                case 256: width = Value(data, entry, type, little); break;
                case 257: height = Value(data, entry, type, little); break;
                case 258: bits = Value(data, entry, type, little); break;
                case 259: compression = Value(data, entry, type, little); break;
                case 262: photometric = Value(data, entry, type, little); break;
                case 277: samples = Value(data, entry, type, little); break;
                case 278: rowsPerStrip = Value(data, entry, type, little); break;
                case 273: offsets = Array(data, entry, type, n, little); break;
                case 279: counts = Array(data, entry, type, n, little); break;
                default: break;
            }
        }

        if (compression != 1)
        {
            throw new FingerprintImageException(
                "image-unsupported-format", "Only uncompressed TIFF is supported.");
        }

        if (samples != 1 || bits != 8 || (photometric != 0 && photometric != 1))
        {
            throw new FingerprintImageException(
                "image-not-grayscale", "The TIFF is not 8-bit grayscale (one sample of 8 bits).");
        }

        if (width <= 0 || height <= 0 || width > int.MaxValue / 4 || height > int.MaxValue / 4)
        {
            throw new FingerprintImageException("image-malformed", "The TIFF has no valid size.");
        }

        ImageDecoder.CheckSize((int)width, (int)height, dpi);
        if (offsets is null || counts is null || offsets.Length != counts.Length || offsets.Length == 0)
        {
            throw new FingerprintImageException("image-malformed", "The TIFF has no image strips.");
        }

        var pixels = new byte[width * height];
        long written = 0;
        for (var s = 0; s < offsets.Length && written < pixels.Length; s++)
        {
            var start = offsets[s];
            var length = Math.Min(counts[s], pixels.Length - written);
            if (rowsPerStrip != long.MaxValue)
            {
                length = Math.Min(length, rowsPerStrip * width);
            }

            if (start < 0 || length < 0 || start + length > data.Length)
            {
                throw Truncated();
            }

            data.Slice((int)start, (int)length).CopyTo(pixels.AsSpan((int)written));
            written += length;
        }

        if (written < pixels.Length)
        {
            throw Truncated();
        }

        if (photometric == 0)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        return new RawImage(pixels, (int)width, (int)height);
    }

    private static FingerprintImageException Truncated() =>
        new("image-truncated", "The TIFF data ends before the image does.");

    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 => 4,
        _ => throw new FingerprintImageException("image-malformed", "The TIFF has a tag of an unknown type."),
    };

    private static long Value(ReadOnlySpan<byte> data, int entry, int type, bool little) =>
        TypeSize(type) switch
        {
            1 => data[entry + 8],
            2 => ReadU16(data, entry + 8, little),
            _ => ReadU32(data, entry + 8, little),
        };

    private static long[] Array(ReadOnlySpan<byte> data, int entry, int type, long n, bool little)
    {
        var size = TypeSize(type);
        if (n <= 0 || n > 1_000_000)
        {
            throw new FingerprintImageException("image-malformed", "The TIFF has an invalid strip count.");
        }

        var total = size * n;
        var at = total <= 4 ? entry + 8 : ReadU32(data, entry + 8, little);
        if (at < 0 || at + total > data.Length)
        {
            throw Truncated();
        }

        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            var p = (int)(at + (i * size));
            values[i] = size switch
            {
                1 => data[p],
                2 => ReadU16(data, p, little),
                _ => ReadU32(data, p, little),
            };
        }

        return values;
    }

    private static ushort ReadU16(ReadOnlySpan<byte> d, int at, bool little) => little
        ? BinaryPrimitives.ReadUInt16LittleEndian(d[at..])
        : BinaryPrimitives.ReadUInt16BigEndian(d[at..]);

    private static long ReadU32(ReadOnlySpan<byte> d, int at, bool little) => little
        ? BinaryPrimitives.ReadUInt32LittleEndian(d[at..])
        : BinaryPrimitives.ReadUInt32BigEndian(d[at..]);
}

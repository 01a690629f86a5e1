using System.Buffers.Binary;
using SkiaSharp;

namespace Ektp.Biometrics.Tests;

/// <summary>Builds encoded images for decoder tests.</summary>
internal static class Images
{
    public static byte[] Png(int width, int height, Func<int, int, SKColor> pixel, SKColorType type = SKColorType.Gray8)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, type, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, pixel(x, y));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(byte[] gray, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>Uncompressed little-endian 8-bit grayscale TIFF with one strip.</summary>
    public static byte[] Tiff(byte[] gray, int width, int height, int compression = 1, int samples = 1)
    {
        const int Entries = 8;
        var ifd = 8;
        var dataAt = ifd + 2 + (Entries * 12) + 4;
        var bytes = new byte[dataAt + gray.Length];
        "II"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)ifd);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(ifd), Entries);
        var tags = new (int Tag, int Type, int Value)[]
        {
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, compression), (262, 3, 1),
            (273, 4, dataAt), (277, 3, samples), (279, 4, gray.Length),
        };
        for (var i = 0; i < tags.Length; i++)
        {
            var at = ifd + 2 + (i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)tags[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), (ushort)tags[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), 1);
            if (tags[i].Type == 3)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), (ushort)tags[i].Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), (uint)tags[i].Value);
            }
        }

        gray.CopyTo(bytes, dataAt);
        return bytes;
    }

    /// <summary>8-bit BMP with a 256-entry gray palette (rows bottom-up, padded to 4 bytes).</summary>
    public static byte[] Bmp(byte[] gray, int width, int height)
    {
        var stride = (width + 3) & ~3;
        var offset = 14 + 40 + 1024;
        var bytes = new byte[offset + (stride * height)];
        "BM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), stride * height);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(46), 256);
        for (var i = 0; i < 256; i++)
        {
            bytes[54 + (4 * i)] = (byte)i;
            bytes[54 + (4 * i) + 1] = (byte)i;
            bytes[54 + (4 * i) + 2] = (byte)i;
        }

        for (var y = 0; y < height; y++)
        {
            Array.Copy(gray, y * width, bytes, offset + ((height - 1 - y) * stride), width);
        }

        return bytes;
    }
}

using System.Runtime.InteropServices;
using SkiaSharp;

namespace Ektp.Faces.Engine;

/// <summary>
/// Decodes a photo into upright BGRA pixels: the EXIF orientation a phone camera writes is applied, so boxes and
/// crops are in the coordinates a person sees. Sizes are checked from the header before any pixel is allocated.
/// </summary>
internal static class PhotoDecoder
{
    public const int MaxSide = 8000;

    /// <summary>A 2 MB file can still claim huge dimensions (a decompression bomb); 25 megapixels is ample.</summary>
    public const long MaxPixels = 25_000_000;

    public static SKBitmap Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 8)
        {
            throw new FaceImageException("The photo is empty or too short to be an image.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new FaceImageException(
            "The photo is not a JPEG, PNG, BMP, GIF or WebP image, or its header is damaged.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new FaceImageException(
                $"The photo claims {width} x {height} pixels; at most {MaxSide} per side and 25 megapixels are read.");
        }

        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        try
        {
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                throw new FaceImageException($"The photo cannot be decoded ({result}).");
            }

            if (result == SKCodecResult.IncompleteInput)
            {
                // A cut-off file decodes partly (the rest grey); a photo with a missing part is not accepted.
                throw new FaceImageException("The photo file is incomplete (cut off).");
            }

            var upright = Orient(bitmap, codec.EncodedOrigin);
            if (!ReferenceEquals(upright, bitmap))
            {
                bitmap.Dispose();
            }

            return upright;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Applies an EXIF orientation by copying pixels; the identity returns the same bitmap.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or < SKEncodedOrigin.TopLeft or > SKEncodedOrigin.LeftBottom)
        {
            return source;
        }

        var (w, h) = (source.Width, source.Height);
        var swap = origin >= SKEncodedOrigin.LeftTop;
        var (outW, outH) = swap ? (h, w) : (w, h);
        var target = new SKBitmap(new SKImageInfo(outW, outH, SKColorType.Bgra8888, SKAlphaType.Premul));
        var src = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
        var dst = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // LeftBottom
                };
                dst[(y * outW) + x] = src[(sy * w) + sx];
            }
        }

        return target;
    }
}

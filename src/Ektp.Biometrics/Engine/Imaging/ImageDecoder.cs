using SkiaSharp;

namespace Ektp.Biometrics.Engine.Imaging;

internal readonly record struct RawImage(byte[] Pixels, int Width, int Height);

/// <summary>Sniffs the format from magic bytes and checks sizes before anything is allocated.</summary>
internal static class ImageDecoder
{
    public static RawImage Decode(ReadOnlySpan<byte> encoded, int dpi)
    {
        if (encoded.IsEmpty)
        {
            throw new FingerprintImageException("image-empty", "The image is empty (0 bytes).");
        }

        if (encoded.Length > Parameters.MaxEncodedBytes)
        {
            throw new FingerprintImageException("image-too-large", "The encoded image is larger than 32 MiB.");
        }

        if (TiffDecoder.IsTiff(encoded))
        {
            return TiffDecoder.Decode(encoded, dpi);
        }

        if (IsPng(encoded) || IsBmp(encoded) || IsJpeg(encoded))
        {
            return DecodeWithSkia(encoded, dpi);
        }

        throw new FingerprintImageException(
            "image-unsupported-format", "The image is not PNG, BMP, JPEG or TIFF.");
    }

    public static void CheckSize(int width, int height, int dpi)
    {
        if (width <= 0 || height <= 0)
        {
            throw new FingerprintImageException("image-malformed", "The image has no pixels.");
        }

        // Compare in 500-dpi pixels so that the limits mean millimetres of skin, whatever the sensor.
        var w = (long)width * Parameters.InternalDpi / dpi;
        var h = (long)height * Parameters.InternalDpi / dpi;
        if (w < Parameters.MinImageSide || h < Parameters.MinImageSide)
        {
            throw new FingerprintImageException(
                "image-too-small", $"The image is {width} x {height} px; a fingerprint needs at least "
                + $"{Parameters.MinImageSide} px on each side at 500 dpi.");
        }

        if (w > Parameters.MaxImageSide || h > Parameters.MaxImageSide)
        {
            throw new FingerprintImageException(
                "image-too-large", $"The image is {width} x {height} px; at most "
                + $"{Parameters.MaxImageSide} px on each side at 500 dpi is accepted.");
        }
    }

    private static bool IsPng(ReadOnlySpan<byte> b) =>
        b.Length >= 8 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G';

    private static bool IsBmp(ReadOnlySpan<byte> b) => b.Length >= 2 && b[0] == (byte)'B' && b[1] == (byte)'M';

    private static bool IsJpeg(ReadOnlySpan<byte> b) => b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;

    private static unsafe RawImage DecodeWithSkia(ReadOnlySpan<byte> encoded, int dpi)
    {
        fixed (byte* ptr = encoded)
        {
            using var data = SKData.Create((IntPtr)ptr, encoded.Length);
            using var codec = SKCodec.Create(data);
            if (codec is null)
            {
                // Skia cannot even read the header: with a known signature this is damage or a cut-off file.
                var code = encoded.Length < 64 ? "image-truncated" : "image-malformed";
                throw new FingerprintImageException(code, "The image header cannot be decoded.");
            }

            var info = codec.Info;
            CheckSize(info.Width, info.Height, dpi);
            var gray = info.ColorType == SKColorType.Gray8;
            var target = new SKImageInfo(
                info.Width, info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var buffer = new byte[target.BytesSize];
            SKCodecResult decoded;
            fixed (byte* dst = buffer)
            {
                decoded = codec.GetPixels(target, (IntPtr)dst);
            }

            if (decoded == SKCodecResult.IncompleteInput)
            {
                throw new FingerprintImageException("image-truncated", "The image data ends early.");
            }

            if (decoded != SKCodecResult.Success)
            {
                throw new FingerprintImageException("image-malformed", $"The image cannot be decoded ({decoded}).");
            }

            return gray
                ? new RawImage(buffer, info.Width, info.Height)
                : new RawImage(ToGray(buffer, info.Width * info.Height), info.Width, info.Height);
        }
    }

    // BMP and some JPEGs decode to RGBA even when every pixel is gray; accept those, refuse real colour.
    private static byte[] ToGray(byte[] rgba, int count)
    {
        var gray = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var r = rgba[4 * i];
            var g = rgba[(4 * i) + 1];
            var b = rgba[(4 * i) + 2];
            if (Math.Abs(r - g) > 2 || Math.Abs(g - b) > 2)
            {
                throw new FingerprintImageException(
                    "image-not-grayscale", "The image has colour; fingerprint images must be 8-bit grayscale.");
            }

            gray[i] = g;
        }

        return gray;
    }
}

using Ektp.Biometrics.Engine.Imaging;

namespace Ektp.Biometrics;

/// <summary>
/// A decoded 8-bit grayscale fingerprint image, resampled to 500 dpi (the resolution the engine works at).
/// Ridges are expected dark on a light background, as every optical and capacitive sensor delivers them.
/// </summary>
public sealed class FingerprintImage
{
    private readonly byte[] _pixels;

    private FingerprintImage(byte[] pixels, int width, int height, int originalDpi)
    {
        _pixels = pixels;
        Width = width;
        Height = height;
        OriginalDpi = originalDpi;
    }

    /// <summary>Width in pixels at 500 dpi.</summary>
    public int Width { get; }

    /// <summary>Height in pixels at 500 dpi.</summary>
    public int Height { get; }

    /// <summary>The resolution the image was captured at (as given to <see cref="Decode"/>).</summary>
    public int OriginalDpi { get; }

    /// <summary>Row-major pixels at 500 dpi, 0 = black.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    internal byte[] PixelArray => _pixels;

    /// <summary>
    /// Decodes an 8-bit grayscale PNG, BMP, JPEG or uncompressed TIFF and rescales it to 500 dpi.
    /// </summary>
    /// <param name="encoded">The file contents.</param>
    /// <param name="dpi">Resolution of the sensor (250–1200; fingerprint sensors are 500–569).</param>
    /// <exception cref="FingerprintImageException">The bytes are not a usable grayscale image.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dpi"/> is out of range.</exception>
    public static FingerprintImage Decode(ReadOnlySpan<byte> encoded, int dpi = 500)
    {
        CheckDpi(dpi);
        var raw = ImageDecoder.Decode(encoded, dpi);
        return FromRaw(raw.Pixels, raw.Width, raw.Height, dpi);
    }

    /// <summary>Wraps raw row-major 8-bit grayscale pixels (copied) and rescales them to 500 dpi.</summary>
    /// <exception cref="FingerprintImageException">The size is impossible for a fingerprint.</exception>
    public static FingerprintImage FromPixels(ReadOnlySpan<byte> pixels, int width, int height, int dpi = 500)
    {
        CheckDpi(dpi);
        ImageDecoder.CheckSize(width, height, dpi);
        if ((long)width * height != pixels.Length)
        {
            throw new FingerprintImageException("image-truncated", "Pixel count does not match width x height.");
        }

        return FromRaw(pixels.ToArray(), width, height, dpi);
    }

    private static FingerprintImage FromRaw(byte[] pixels, int width, int height, int dpi)
    {
        if (dpi == Parameters.InternalDpi)
        {
            return new FingerprintImage(pixels, width, height, dpi);
        }

        var (scaled, w, h) = Resampler.ToInternalDpi(pixels, width, height, dpi);
        return new FingerprintImage(scaled, w, h, dpi);
    }

    private static void CheckDpi(int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, Parameters.MinDpi);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, Parameters.MaxDpi);
    }
}

using Ektp.Biometrics.Engine.Imaging;

namespace Ektp.Biometrics;

/// <summary>
/// A decoded 8-bit grayscale fingerprint image, presented at 500 dpi (the resolution of templates); the captured
/// pixels are kept, and the extractor resamples them once to its own, finer, resolution.
/// Ridges are expected dark on a light background, as every optical and capacitive sensor delivers them.
/// </summary>
public sealed class FingerprintImage
{
    private readonly byte[] _original;
    private readonly int _originalWidth;
    private readonly int _originalHeight;
    private byte[]? _pixels;

    private FingerprintImage(byte[]? pixels, int width, int height, byte[] original, int originalWidth, int originalHeight, int originalDpi)
    {
        _pixels = pixels;
        Width = width;
        Height = height;
        _original = original;
        _originalWidth = originalWidth;
        _originalHeight = originalHeight;
        OriginalDpi = originalDpi;
    }

    /// <summary>Width in pixels at 500 dpi.</summary>
    public int Width { get; }

    /// <summary>Height in pixels at 500 dpi.</summary>
    public int Height { get; }

    /// <summary>The resolution the image was captured at (as given to <see cref="Decode"/>).</summary>
    public int OriginalDpi { get; }

    /// <summary>Row-major pixels at 500 dpi, 0 = black.</summary>
    public ReadOnlySpan<byte> Pixels => PixelArray;

    // The extractor reads the captured pixels (resampled to its own resolution), so the 500-dpi copy is made only
    // when someone asks for it.
    internal byte[] PixelArray =>
        _pixels ??= Resampler.Resample(_original, _originalWidth, _originalHeight, OriginalDpi, Parameters.InternalDpi).Pixels;

    /// <summary>The pixels at <paramref name="dpi"/>, resampled from the captured image (not from the 500-dpi copy).</summary>
    internal (byte[] Pixels, int Width, int Height) At(int dpi) =>
        dpi == OriginalDpi ? (_original, _originalWidth, _originalHeight)
        : dpi == Parameters.InternalDpi ? (PixelArray, Width, Height)
        : Resampler.Resample(_original, _originalWidth, _originalHeight, OriginalDpi, dpi);

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

    /// <summary>
    /// This image without the rows and columns of one constant grey at its edges (<see cref="Frame"/>), and the
    /// captured pixel where that starts; this image itself when it has none.
    /// </summary>
    internal (FingerprintImage Image, int Left, int Top) WithoutFrame()
    {
        var frame = Frame.Find(_original, _originalWidth, _originalHeight, OriginalDpi);
        if (frame == default)
        {
            return (this, 0, 0);
        }

        var pixels = Frame.Crop(_original, _originalWidth, _originalHeight, frame);
        var inner = FromRaw(pixels, _originalWidth - frame.Left - frame.Right, _originalHeight - frame.Top - frame.Bottom, OriginalDpi);
        return (inner, frame.Left, frame.Top);
    }

    /// <summary>
    /// This image moved up and left by one captured pixel, the last row and column repeated: the smallest change a
    /// sensor makes between two captures, for checking how much the engine's figures depend on such changes.
    /// </summary>
    internal FingerprintImage ShiftedByOnePixel()
    {
        int w = _originalWidth, h = _originalHeight;
        var shifted = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var from = Math.Min(h - 1, y + 1) * w;
            for (var x = 0; x < w; x++)
            {
                shifted[(y * w) + x] = _original[from + Math.Min(w - 1, x + 1)];
            }
        }

        return FromRaw(shifted, w, h, OriginalDpi);
    }

    private static FingerprintImage FromRaw(byte[] pixels, int width, int height, int dpi)
    {
        if (dpi == Parameters.InternalDpi)
        {
            return new FingerprintImage(pixels, width, height, pixels, width, height, dpi);
        }

        var (w, h) = Resampler.Size(width, height, dpi, Parameters.InternalDpi);
        return new FingerprintImage(null, w, h, pixels, width, height, dpi);
    }

    private static void CheckDpi(int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, Parameters.MinDpi);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dpi, Parameters.MaxDpi);
    }
}

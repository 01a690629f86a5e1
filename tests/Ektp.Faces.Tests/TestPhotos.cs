using SkiaSharp;

namespace Ektp.Faces.Tests;

/// <summary>
/// The committed test photos (data/faces/test, made from ORL faces), the ORL set in ../shared when it is there, and
/// images made on the fly.
/// </summary>
internal static class TestPhotos
{
    public static readonly string? Committed = FindUp(Path.Combine("data", "faces", "test"));

    public static readonly string? OrlRoot = FindUp(Path.Combine("shared", "data", "faces", "orl"));

    private static readonly string? Fingerprints = FindUp(Path.Combine("data", "fingerprints", "sample"));

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(
        Committed ?? throw new InvalidOperationException("data/faces/test not found above the test folder"), name));

    public static byte[] OneFace => Read("one-face-s01.jpg");

    public static byte[] Fingerprint => File.ReadAllBytes(Path.Combine(
        Fingerprints ?? throw new InvalidOperationException("data/fingerprints/sample not found"),
        "DB1_B", "101_1.png"));

    public static byte[] Plain(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>An ORL portrait (92 × 112, the face filling it) scaled and centred on a dark canvas, as the committed
    /// photos were made; several subjects stand side by side.</summary>
    public static byte[] OrlPadded(float scale, int width, int height, params string[] files)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(40, 40, 40));
            for (var i = 0; i < files.Length; i++)
            {
                using var source = SKBitmap.Decode(files[i]);
                using var image = SKImage.FromBitmap(source);
                var (w, h) = (source.Width * scale, source.Height * scale);
                var centre = width * (i + 1f) / (files.Length + 1f);
                var target = new SKRect(centre - (w / 2), (height - h) / 2, centre + (w / 2), (height + h) / 2);
                canvas.DrawImage(image, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
            }
        }

        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>The photo turned a quarter to the left in its pixels, with the EXIF orientation 6 ("rotate 90°
    /// clockwise to display") that a phone camera writes for such a shot.</summary>
    public static byte[] TurnedWithExif(byte[] jpeg)
    {
        using var source = SKBitmap.Decode(jpeg);
        using var turned = new SKBitmap(source.Height, source.Width);
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(0, source.Width);
            canvas.RotateDegrees(-90);
            canvas.DrawBitmap(source, 0, 0);
        }

        var encoded = Encode(turned, SKEncodedImageFormat.Jpeg);
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // TIFF header, little-endian, IFD0 at 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, // Orientation (SHORT) = 6
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return [.. encoded[..2], .. app1, .. encoded[2..]];
    }

    public static (int Width, int Height) SizeOf(byte[] encoded)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return (bitmap.Width, bitmap.Height);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the ORL faces in ../shared/data/faces/orl; skipped with a reason when absent.</summary>
public sealed class OrlFactAttribute : FactAttribute
{
    public OrlFactAttribute()
    {
        if (TestPhotos.OrlRoot is null)
        {
            Skip = "shared/data/faces/orl not found above the test folder; this test needs the ORL face set "
                + "(AT&T Laboratories Cambridge)";
        }
    }
}

using SkiaSharp;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>Small real images made on the fly (a photo-like drawing, a signature, a ridge-like finger pattern) and the
/// committed face photo.</summary>
internal static class TestImages
{
    public static byte[] Png(int width = 120, int height = 160, byte shade = 128)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Concentric ridges, so the image is not flat.
                var dx = x - (width / 2);
                var dy = y - (height / 2);
                var r = Math.Sqrt((dx * dx) + (dy * dy));
                var v = (byte)Math.Clamp(shade + (90 * Math.Sin(r / 1.6)), 0, 255);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width = 240, int height = 320)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(200, 40, 40));
            using var paint = new SKPaint { Color = new SKColor(230, 200, 170) };
            canvas.DrawOval(width / 2f, height / 2.4f, width / 4f, height / 4f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>
    /// A real portrait with exactly one face, which the enrollment's face check accepts: an ORL face (AT&amp;T
    /// Laboratories Cambridge) padded to 360 × 480, committed in data/faces/test (see its README).
    /// </summary>
    public static byte[] FacePhoto(string name = "one-face-s01.jpg")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "data", "faces", "test", name);
            if (File.Exists(file))
            {
                return File.ReadAllBytes(file);
            }
        }

        throw new InvalidOperationException($"data/faces/test/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Bytes that start like a PNG and then stop: a damaged upload.</summary>
    public static byte[] TruncatedPng() => Png()[..60];
}

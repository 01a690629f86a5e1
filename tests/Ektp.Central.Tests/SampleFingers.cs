using System.Collections.Concurrent;
using Ektp.Biometrics;
using SkiaSharp;

namespace Ektp.Central.Tests;

/// <summary>Templates of the FVC2002 sample images committed under data/fingerprints/sample, by relative path.</summary>
internal static class SampleFingers
{
    /// <summary>Three fingers of one person, and three fingers of someone else (another FVC database).</summary>
    public static readonly string[] PersonA = ["DB1_B/101_1.png", "DB1_B/102_1.png", "DB1_B/103_1.png"];
    public static readonly string[] PersonB = ["DB3_B/101_1.png", "DB3_B/102_1.png", "DB3_B/103_1.png"];

    /// <summary>Person A again, from other impressions of the same fingers.</summary>
    public static readonly string[] PersonAAgain = ["DB1_B/101_2.png", "DB1_B/102_2.png", "DB1_B/103_2.png"];

    private static readonly ConcurrentDictionary<string, FingerprintTemplate> Cache = new(StringComparer.Ordinal);

    public static FingerprintTemplate Template(string relative) => Cache.GetOrAdd(relative, r =>
        FingerprintTemplate.Extract(FingerprintImage.Decode(Image(r))));

    /// <summary>The image file as committed (PNG, 500 dpi).</summary>
    public static byte[] Image(string relative) => File.ReadAllBytes(Path.Combine(Folder(), relative));

    /// <summary>The image enlarged <paramref name="factor"/> times, as a scanner of 500 × factor dpi delivers it.</summary>
    public static byte[] Enlarged(string relative, int factor)
    {
        using var source = SKBitmap.Decode(Image(relative));
        using var gray = new SKBitmap(source.Width * factor, source.Height * factor, SKColorType.Gray8,
            SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(gray))
        {
            canvas.DrawBitmap(source, new SKRect(0, 0, gray.Width, gray.Height),
                new SKPaint { IsAntialias = true });
        }

        using var image = SKImage.FromBitmap(gray);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A small photo-like PNG.</summary>
    public static byte[] Photo(SKColor colour)
    {
        using var bitmap = new SKBitmap(120, 160);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(colour);
            using var paint = new SKPaint { Color = new SKColor(230, 200, 170) };
            canvas.DrawOval(60, 66, 30, 40, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
            {
                return Path.Combine(dir.FullName, "data", "fingerprints", "sample");
            }
        }

        throw new InvalidOperationException("The repository root (Ektp.slnx) was not found above the test binaries.");
    }
}

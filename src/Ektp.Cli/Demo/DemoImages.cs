using SkiaSharp;

namespace Ektp.Cli.Demo;

/// <summary>
/// The photo and signature of a demo enrollment, drawn on the fly (no font needed): a portrait-like JPEG on the red
/// background of the e-KTP photo and a pen scribble, both varied by a seed so people do not all look alike.
/// </summary>
internal static class DemoImages
{
    public static byte[] Photo(int seed)
    {
        // The regional server refuses a photo without exactly one real face: use the committed portraits (ORL
        // faces of AT&T Laboratories Cambridge, data/faces/test) when the repository is there, else the drawing.
        if (FacePhotos.Value is { Count: > 0 } faces)
        {
            return faces[(int)((uint)seed % (uint)faces.Count)];
        }

        var random = new Random(seed);
        using var bitmap = new SKBitmap(240, 320);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(196, 30, 36));
            var skin = new SKColor((byte)random.Next(150, 235), (byte)random.Next(110, 190), (byte)random.Next(80, 150));
            using var body = new SKPaint { Color = new SKColor(30, 30, 60), IsAntialias = true };
            canvas.DrawOval(120, 330, 110, 90, body);
            using var face = new SKPaint { Color = skin, IsAntialias = true };
            canvas.DrawOval(120, 140, 58 + random.Next(10), 74 + random.Next(10), face);
            using var hair = new SKPaint { Color = new SKColor(20, 15, 10), IsAntialias = true };
            canvas.DrawOval(120, 82, 62, 30 + random.Next(15), hair);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static readonly Lazy<List<byte[]>> FacePhotos = new(() =>
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var folder = Path.Combine(dir.FullName, "data", "faces", "test");
                if (File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")) && Directory.Exists(folder))
                {
                    return [.. Directory.GetFiles(folder, "one-face-*.jpg").Order(StringComparer.Ordinal)
                        .Select(File.ReadAllBytes)];
                }
            }
        }

        return [];
    });

    public static byte[] Signature(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(300, 100);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var pen = new SKPaint
            {
                Color = new SKColor(10, 20, 90),
                IsAntialias = true,
                IsStroke = true,
                StrokeWidth = 2.5f,
            };
            using var path = new SKPath();
            path.MoveTo(15, 60);
            for (var x = 15f; x < 270; x += 25 + random.Next(20))
            {
                path.CubicTo(x + 8, random.Next(10, 45), x + 16, random.Next(55, 90), x + 25, random.Next(35, 70));
            }

            canvas.DrawPath(path, pen);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

using SkiaSharp;

namespace Ektp.Biometrics.Tests;

/// <summary>
/// Other sensors and other operators capture the same finger differently: turned on the glass, at another resolution,
/// in a larger frame, fainter, through another tone curve, darker. Impressions of the committed sample's fingers,
/// changed in one of those ways, must still score against the untouched first impression of their finger about as well
/// as before on average (within −20 % … +25 %), and every one of them above every impostor. (Single pairs move more
/// than the mean: before padding was left out of extraction, the weakest genuine pair turned by 30° scored 40 where the
/// weakest untouched one scored 75; now 74 and 75. A per-pair bound would test how one image resamples rather than the
/// engine.)
/// </summary>
public class CaptureVariationTests
{
    private const int Fingers = 3;

    private static readonly Lazy<FingerprintTemplate[]> References = new(() =>
        [.. Enumerable.Range(0, Fingers).Select(f => Extract(Image(101 + f, 1), 500))]);

    private static readonly Lazy<double> UntouchedGenuineMean = new(() => Scores(b => b, 500).Genuine.Average());

    public static TheoryData<string> Variations => ["turned 30°", "turned 90°", "turned 180°", "1000 dpi", "750 dpi", "larger frame", "faint", "gamma 2", "darker"];

    [Theory]
    [MemberData(nameof(Variations))]
    public void Genuine_pairs_score_about_as_before_and_above_every_impostor(string variation)
    {
        var (change, dpi) = Variation(variation);

        var (genuine, impostor) = Scores(change, dpi);

        Assert.True(genuine.Min() > impostor.Max(), $"{variation}: genuine {genuine.Min():F1} vs impostor {impostor.Max():F1}");
        Assert.InRange(genuine.Average(), 0.8 * UntouchedGenuineMean.Value, 1.25 * UntouchedGenuineMean.Value);
    }

    private static (Func<byte[], byte[]> Change, int Dpi) Variation(string name) => name switch
    {
        "turned 30°" => (b => Turn(b, 30), 500),
        "turned 90°" => (b => Turn(b, 90), 500),
        "turned 180°" => (b => Turn(b, 180), 500),
        "1000 dpi" => (b => Resize(b, 2.0), 1000),
        "750 dpi" => (b => Resize(b, 1.5), 750),
        "larger frame" => (Frame, 500),
        "faint" => (Faint, 500),
        "gamma 2" => (b => Tone(b, v => 255 * Math.Pow(v / 255.0, 2)), 500),
        "darker" => (b => Tone(b, v => 0.45 * v), 500),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown variation"),
    };

    // Impressions 2–4 of each finger, changed, against every finger's untouched first impression.
    private static (List<double> Genuine, List<double> Impostor) Scores(Func<byte[], byte[]> change, int dpi)
    {
        var genuine = new List<double>();
        var impostor = new List<double>();
        for (var f = 0; f < Fingers; f++)
        {
            for (var impression = 2; impression <= 4; impression++)
            {
                var candidate = Extract(change(Image(101 + f, impression)), dpi);
                for (var r = 0; r < Fingers; r++)
                {
                    (r == f ? genuine : impostor).Add(new FingerprintMatcher(References.Value[r]).Match(candidate));
                }
            }
        }

        return (genuine, impostor);
    }

    private static byte[] Image(int finger, int impression) => TestData.SampleBytes("DB1_B", $"{finger}_{impression}.png");

    private static FingerprintTemplate Extract(byte[] encoded, int dpi) =>
        FingerprintTemplate.Extract(FingerprintImage.Decode(encoded, dpi));

    private static SKBitmap Gray(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // Turned about its centre on a canvas large enough for any angle, the corners filled with paper grey.
    private static byte[] Turn(byte[] png, float degrees)
    {
        using var source = SKBitmap.Decode(png);
        var side = (int)Math.Ceiling(Math.Sqrt((source.Width * source.Width) + (source.Height * source.Height)));
        using var turned = Gray(side, side);
        using var canvas = new SKCanvas(turned);
        canvas.Clear(new SKColor(235, 235, 235));
        canvas.Translate(side / 2f, side / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        using var paint = new SKPaint { IsAntialias = true };
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        return Encode(turned);
    }

    // The same area sampled more finely, as a sensor of that resolution would see it.
    private static byte[] Resize(byte[] png, double factor)
    {
        using var source = SKBitmap.Decode(png);
        using var resized = source.Resize(
            new SKImageInfo((int)(source.Width * factor), (int)(source.Height * factor), SKColorType.Gray8, SKAlphaType.Opaque),
            new SKSamplingOptions(SKCubicResampler.Mitchell));
        return Encode(resized);
    }

    // A 150-pixel border of paper grey on every side.
    private static byte[] Frame(byte[] png)
    {
        const int Border = 150;
        using var source = SKBitmap.Decode(png);
        using var framed = Gray(source.Width + (2 * Border), source.Height + (2 * Border));
        using var canvas = new SKCanvas(framed);
        canvas.Clear(new SKColor(235, 235, 235));
        canvas.DrawBitmap(source, Border, Border);
        return Encode(framed);
    }

    // Another sensor's tone curve: every grey level through the same function.
    private static byte[] Tone(byte[] png, Func<double, double> curve)
    {
        using var source = SKBitmap.Decode(png);
        using var toned = Gray(source.Width, source.Height);
        var from = source.GetPixelSpan();
        var to = toned.GetPixelSpan();
        for (var i = 0; i < to.Length; i++)
        {
            to[i] = (byte)Math.Clamp(Math.Round(curve(from[i])), 0, 255);
        }

        return Encode(toned);
    }

    // A third of the contrast, lifted towards white: a light touch on a dry day.
    private static byte[] Faint(byte[] png)
    {
        using var source = SKBitmap.Decode(png);
        using var faint = Gray(source.Width, source.Height);
        var from = source.GetPixelSpan();
        var to = faint.GetPixelSpan();
        for (var i = 0; i < to.Length; i++)
        {
            to[i] = (byte)Math.Clamp(188 + ((from[i] - 128) * 0.35), 0, 255);
        }

        return Encode(faint);
    }
}

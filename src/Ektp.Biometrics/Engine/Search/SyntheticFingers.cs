using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Engine.Search;

/// <summary>
/// Synthetic minutiae for scale benchmarks only (never for accuracy claims). A finger is a smooth random
/// ridge-orientation field with 20–70 minutiae (mean ≈ 40, at least 10 px apart) inside an elliptical print;
/// minutia directions follow the field. An impression of it is the finger rotated (±20°), shifted (±40 px),
/// non-linearly stretched (a few px), with position and angle noise, 15 % of minutiae lost, 10 % spurious
/// ones added, 10 % of types flipped and the print cropped by a shifted sensor window.
/// </summary>
internal sealed class SyntheticFingers(int seed)
{
    private const int Width = 300;
    private const int Height = 400;
    private readonly Random _random = new(seed);

    public Minutia[] Finger()
    {
        var count = Math.Clamp((int)Math.Round(40 + (Gaussian() * 9)), 20, 70);
        var (a1, a2, p1, p2, w) = (_random.NextDouble() * 2, _random.NextDouble() * 2, _random.NextDouble() * 6.3,
            _random.NextDouble() * 6.3, _random.NextDouble() * Math.PI);
        var list = new List<Minutia>(count);
        var attempts = 0;
        while (list.Count < count && attempts++ < count * 50)
        {
            var x = 30 + (_random.NextDouble() * (Width - 60));
            var y = 30 + (_random.NextDouble() * (Height - 60));
            var ex = (x - (Width / 2.0)) / (Width / 2.0 - 20);
            var ey = (y - (Height / 2.0)) / (Height / 2.0 - 20);
            if ((ex * ex) + (ey * ey) > 1 || list.Exists(m => Sq(m.X - x) + Sq(m.Y - y) < 100))
            {
                continue;
            }

            var orientation = w + (a1 * Math.Sin((x / 90) + p1)) + (a2 * Math.Cos((y / 110) + p2));
            var direction = orientation + (_random.Next(2) * Math.PI);
            var type = _random.NextDouble() < 0.55 ? MinutiaType.Ending : MinutiaType.Bifurcation;
            list.Add(new Minutia((short)x, (short)y, Angles.FromRadians(direction), type, (byte)_random.Next(40, 100)));
        }

        return [.. list];
    }

    public Minutia[] Impression(Minutia[] finger)
    {
        var rotation = (_random.NextDouble() - 0.5) * 40 * Math.PI / 180;
        var (sin, cos) = Math.SinCos(rotation);
        var (tx, ty) = ((_random.NextDouble() - 0.5) * 80, (_random.NextDouble() - 0.5) * 80);
        var (wx, wy, wp) = (_random.NextDouble() * 4, _random.NextDouble() * 4, _random.NextDouble() * 6.3);
        var result = new List<Minutia>(finger.Length + 8);
        foreach (var m in finger)
        {
            if (_random.NextDouble() < 0.15)
            {
                continue;
            }

            double x = m.X - (Width / 2.0), y = m.Y - (Height / 2.0);
            var rx = (x * cos) - (y * sin) + (Width / 2.0) + tx + (wx * Math.Sin((y / 70) + wp)) + (Gaussian() * 2);
            var ry = (x * sin) + (y * cos) + (Height / 2.0) + ty + (wy * Math.Sin((x / 70) + wp)) + (Gaussian() * 2);
            if (rx < 15 || ry < 15 || rx > Width - 15 || ry > Height - 15)
            {
                continue;
            }

            var angle = Angles.FromRadians(m.Direction + rotation + (Gaussian() * 0.09));
            var type = _random.NextDouble() < 0.1 ? (MinutiaType)(3 - (int)m.Type) : m.Type;
            result.Add(new Minutia((short)rx, (short)ry, angle, type, m.Quality));
        }

        var spurious = (int)Math.Round(result.Count * 0.1);
        for (var k = 0; k < spurious; k++)
        {
            result.Add(new Minutia(
                (short)_random.Next(20, Width - 20), (short)_random.Next(20, Height - 20),
                (byte)_random.Next(256), (MinutiaType)_random.Next(1, 3), (byte)_random.Next(20, 60)));
        }

        return [.. result];
    }

    /// <summary>
    /// The seed of impression <paramref name="impression"/> of synthetic person <paramref name="person"/>: the same
    /// in every process (unlike <see cref="HashCode.Combine{T1, T2}"/>, which is randomised per process), so a
    /// benchmark or test sees the same impressions on every run.
    /// </summary>
    public static int ImpressionSeed(int person, int impression) => unchecked((int)(
        (((ulong)(uint)person * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)impression * 0xC2B2AE3D27D4EB4FUL) ^ 0x5EED) >> 29));

    public static FingerprintTemplate Template(Minutia[] minutiae) =>
        FingerprintTemplate.FromMinutiae(minutiae, Width, Height, 60);

    private static double Sq(double v) => v * v;

    private double Gaussian()
    {
        var u = 1 - _random.NextDouble();
        var v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}

namespace Ektp.Biometrics.Tests;

public class FingerprintMatcherTests
{
    private static readonly Lazy<List<(string Finger, FingerprintTemplate Template)>> Sample = new(() =>
        [.. Directory.GetFiles(TestData.Sample("DB1_B"), "*.png").Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p)[..3], FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(p)))))]);

    [Fact]
    public void Score_is_symmetric()
    {
        var t = Sample.Value;
        for (var i = 0; i < t.Count; i += 3)
        {
            for (var j = 0; j < t.Count; j += 5)
            {
                Assert.Equal(FingerprintMatcher.Score(t[i].Template, t[j].Template), FingerprintMatcher.Score(t[j].Template, t[i].Template));
            }
        }
    }

    [Fact]
    public void Score_is_deterministic_across_threads()
    {
        var t = Sample.Value;
        var expected = t.Select(x => FingerprintMatcher.Score(t[0].Template, x.Template)).ToArray();
        var matcher = new FingerprintMatcher(t[0].Template);
        var results = new double[64][];
        Parallel.For(0, results.Length, k => results[k] = [.. t.Select(x => matcher.Match(x.Template))]);
        var direct = t.Select(x => matcher.Match(x.Template)).ToArray();
        Assert.All(results, r => Assert.Equal(direct, r));
        Assert.Equal(expected[0], FingerprintMatcher.Score(t[0].Template, t[0].Template));
    }

    [Fact]
    public void A_template_matches_itself_far_above_the_threshold()
    {
        var template = Sample.Value[5].Template;
        Assert.True(FingerprintMatcher.Score(template, template) > 2 * FingerprintMatcher.DefaultThreshold);
    }

    [Fact]
    public void Explain_gives_the_match_score_and_paired_minutiae_that_exist_in_both_templates()
    {
        var t = Sample.Value;
        var (probe, mate) = (t[0].Template, t.First(x => x.Finger == t[0].Finger && x.Template != t[0].Template).Template);
        var matcher = new FingerprintMatcher(probe);
        var explained = matcher.Explain(mate);
        Assert.Equal(matcher.Match(mate), explained.Score);
        Assert.True(explained.Pairs.Count >= 5);
        Assert.All(explained.Pairs, p =>
        {
            Assert.InRange(p.ProbeIndex, 0, probe.Minutiae.Count - 1);
            Assert.InRange(p.CandidateIndex, 0, mate.Minutiae.Count - 1);
        });
        Assert.Equal(explained.Pairs.Count, explained.Pairs.Select(p => p.ProbeIndex).Distinct().Count());
        Assert.Equal(explained.Pairs.Count, explained.Pairs.Select(p => p.CandidateIndex).Distinct().Count());
    }

    [Fact]
    public void Edges_half_a_turn_apart_are_compared_without_overflow()
    {
        // Byte-angle differences of exactly 128 are the one value a signed byte cannot negate.
        var grid = Enumerable.Range(0, 25).Select(k => new Minutia((short)(40 + (k % 5 * 30)), (short)(40 + (k / 5 * 30)), 0, MinutiaType.Ending, 80)).ToList();
        var turned = grid.Select(m => m with { Angle = 128 }).ToList();
        var a = FingerprintTemplate.FromMinutiae(grid, 300, 300, 80);
        var b = FingerprintTemplate.FromMinutiae(turned, 300, 300, 80);
        Assert.True(FingerprintMatcher.Score(a, b) >= 0);
        Assert.True(FingerprintMatcher.Score(b, a) >= 0);
    }

    [Fact]
    public void Random_templates_never_throw_and_score_symmetrically()
    {
        var random = new Random(20261123);
        FingerprintTemplate Make() => FingerprintTemplate.FromMinutiae(
            Enumerable.Range(0, random.Next(0, 81)).Select(_ => new Minutia(
                (short)random.Next(0, 500), (short)random.Next(0, 500), (byte)random.Next(256),
                random.Next(2) == 0 ? MinutiaType.Ending : MinutiaType.Bifurcation, (byte)random.Next(1, 101))),
            500, 500, 50);
        for (var k = 0; k < 300; k++)
        {
            var (a, b) = (Make(), Make());
            var score = FingerprintMatcher.Score(a, b);
            Assert.InRange(score, 0, 1000);
            Assert.Equal(score, FingerprintMatcher.Score(b, a));
        }
    }

    [Fact]
    public void Empty_templates_score_zero()
    {
        var empty = FingerprintTemplate.FromMinutiae([], 300, 300, 0);
        Assert.Equal(0, FingerprintMatcher.Score(empty, Sample.Value[0].Template));
    }

    [Fact]
    public void Genuine_pairs_outscore_impostors()
    {
        var t = Sample.Value;
        var genuine = new List<double>();
        var impostor = new List<double>();
        for (var i = 0; i < t.Count; i++)
        {
            for (var j = i + 1; j < t.Count; j++)
            {
                (t[i].Finger == t[j].Finger ? genuine : impostor).Add(FingerprintMatcher.Score(t[i].Template, t[j].Template));
            }
        }

        var impostorMax = impostor.Max();
        var above = genuine.Count(g => g > impostorMax);
        Assert.True(genuine.Order().ElementAt(genuine.Count / 2) > impostorMax, $"median genuine <= max impostor {impostorMax}");
        Assert.True(above >= genuine.Count * 0.75, $"{above}/{genuine.Count} genuine pairs above every impostor");
        Assert.True(impostor.Average() < 15, $"mean impostor score {impostor.Average()}");
    }

    [Fact]
    public void Aligned_prints_whose_ridges_cross_score_nothing()
    {
        // The same impression with its orientation grid turned by a quarter turn of ridge direction (a half turn of
        // the doubled angle): the minutiae still pair up, the ridges cross everywhere.
        var probe = TestData.SampleTemplate("DB1_B", "101_1.png");
        var mate = TestData.SampleTemplate("DB1_B", "101_2.png");
        var bytes = mate.ToBytes();
        var grid = 10 + (6 * bytes[9]);
        var cells = (bytes[grid + 2] * bytes[grid + 3]) + 1;
        for (var k = grid + 4; k < grid + 4 + (cells / 2); k++)
        {
            bytes[k] = (byte)((Turned(bytes[k] >> 4) << 4) | Turned(bytes[k] & 15));
        }

        long a = 0, b = 0;
        foreach (var x in bytes.AsSpan(0, bytes.Length - 2))
        {
            a = (a + x) % 255;
            b = (b + a) % 255;
        }

        (bytes[^2], bytes[^1]) = ((byte)b, (byte)a);
        var crossed = FingerprintTemplate.FromBytes(bytes);
        var minutiaeOnly = FingerprintTemplate.FromMinutiae(mate.Minutiae, mate.Width, mate.Height, mate.Quality);

        var matcher = new FingerprintMatcher(probe);
        Assert.True(matcher.Match(mate) >= FingerprintMatcher.DefaultThreshold);
        Assert.True(matcher.Match(minutiaeOnly) >= FingerprintMatcher.DefaultThreshold);
        Assert.Equal(0, matcher.Match(crossed));
    }

    // A level (15 per turn of the doubled angle) turned by about half a turn; 15 (no print) stays.
    private static int Turned(int level) => level == 15 ? 15 : (level + 7) % 15;
}

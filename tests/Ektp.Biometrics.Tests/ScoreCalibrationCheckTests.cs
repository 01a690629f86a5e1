namespace Ektp.Biometrics.Tests;

public class ScoreCalibrationCheckTests
{
    // Impostor scores exactly on the promised scale: the score reached by a share p of them is −10·log10(p).
    private static double[] ExponentialImpostors(int n) =>
        [.. Enumerable.Range(0, n).Select(i => -10 * Math.Log10((i + 0.5) / n))];

    [Fact]
    public void Scores_on_the_promised_scale_read_as_their_nominal_rates_for_one_two_and_three_fingers()
    {
        var rows = ScoreCalibrationCheck.Measure([], ExponentialImpostors(100_000), draws: 1_000_000);

        Assert.Equal([20.0, 30.0, 40.0], rows.Select(r => r.Threshold));
        foreach (var r in rows.Take(2))
        {
            Assert.Equal(r.NominalFmr, r.Fmr, r.NominalFmr * 0.01);

            // The fused score of independent fingers keeps the one-finger scale (Calibration.Fuse): a plain sum of
            // two would reach 20 about 5.6 times as often, of three about 16 times.
            Assert.InRange(r.Fmr2Fingers, r.NominalFmr * 0.85, r.NominalFmr * 1.15);
            Assert.InRange(r.Fmr3Fingers, r.NominalFmr * 0.85, r.NominalFmr * 1.15);
        }

        Assert.Equal([1.0, 0.1, 0.01], rows.Select(r => Math.Round(r.NominalFmr, 6)));
    }

    [Fact]
    public void The_fnmr_is_the_share_of_genuine_scores_below_the_threshold()
    {
        var rows = ScoreCalibrationCheck.Measure([10, 25, 35, 45], [1, 2, 3], draws: 1000);

        Assert.Equal([25.0, 50.0, 75.0], rows.Select(r => r.Fnmr));
        Assert.All(rows, r => Assert.Equal(0, r.Fmr));
    }

    [Fact]
    public void The_draws_are_seeded()
    {
        var impostors = ExponentialImpostors(1000);

        Assert.Equal(
            ScoreCalibrationCheck.Measure([], impostors, draws: 50_000, seed: 7),
            ScoreCalibrationCheck.Measure([], impostors, draws: 50_000, seed: 7));
    }

    [Fact]
    public void Without_impostor_pairs_there_is_nothing_to_check() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreCalibrationCheck.Measure([50], []));
}

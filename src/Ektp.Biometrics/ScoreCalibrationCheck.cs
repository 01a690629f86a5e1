using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics;

/// <summary>
/// What one decision threshold means on evaluated pairs, all rates in percent.
/// </summary>
/// <param name="Threshold">The score compared with (accept when the score is at least this).</param>
/// <param name="NominalFmr">The false match rate the score scale promises: 10^(−threshold/10).</param>
/// <param name="Fmr">Impostor pairs at or above the threshold.</param>
/// <param name="Fnmr">Genuine pairs below the threshold.</param>
/// <param name="Fmr2Fingers">Fused scores of two independent impostor fingers at or above the threshold.</param>
/// <param name="Fmr3Fingers">The same with three fingers.</param>
public sealed record ThresholdCheck(
    double Threshold, double NominalFmr, double Fmr, double Fnmr, double Fmr2Fingers, double Fmr3Fingers);

/// <summary>
/// Checks the score scale on measured pairs: a calibrated score s should be reached by impostors at the rate
/// 10^(−s/10), for one finger and for the gallery's fused score of several fingers (<c>Calibration.Fuse</c>). The
/// fused rates come from random draws of impostor scores of the pool, one per finger with replacement, as
/// independent fingers of different persons would give; the draws are seeded, so a run repeats exactly.
/// </summary>
public static class ScoreCalibrationCheck
{
    /// <summary>The thresholds checked by default: 1 in 100, 1 in 1,000 and 1 in 10,000 on the score scale.</summary>
    public static IReadOnlyList<double> DefaultThresholds { get; } = [20, 30, 40];

    /// <summary>Measures <paramref name="thresholds"/> (default 20, 30, 40) on the given pools of scores.</summary>
    /// <param name="genuine">Scores of genuine pairs (may be empty: the FNMR is then 0).</param>
    /// <param name="impostor">Scores of impostor pairs; at least one.</param>
    /// <param name="draws">Random draws for each fused rate.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="thresholds">Thresholds to check.</param>
    public static IReadOnlyList<ThresholdCheck> Measure(
        IReadOnlyList<double> genuine,
        IReadOnlyList<double> impostor,
        int draws = 4_000_000,
        int seed = 1,
        IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        ArgumentOutOfRangeException.ThrowIfZero(impostor.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        thresholds ??= DefaultThresholds;
        var pool = impostor as double[] ?? [.. impostor];
        var fused2 = Fused(pool, 2, draws, seed, thresholds);
        var fused3 = Fused(pool, 3, draws, seed + 1, thresholds);
        var result = new List<ThresholdCheck>(thresholds.Count);
        for (var t = 0; t < thresholds.Count; t++)
        {
            var threshold = thresholds[t];
            result.Add(new ThresholdCheck(
                threshold,
                100 * Math.Pow(10, -threshold / 10),
                Percent(impostor.Count(s => s >= threshold), impostor.Count),
                Percent(genuine.Count(s => s < threshold), genuine.Count),
                Percent(fused2[t], draws),
                Percent(fused3[t], draws)));
        }

        return result;
    }

    // How many of `draws` fused sums of `fingers` random impostor scores reach each threshold.
    private static long[] Fused(double[] pool, int fingers, int draws, int seed, IReadOnlyList<double> thresholds)
    {
        var random = new Random(seed);
        var reached = new long[thresholds.Count];
        for (var d = 0; d < draws; d++)
        {
            double sum = 0;
            for (var f = 0; f < fingers; f++)
            {
                sum += pool[random.Next(pool.Length)];
            }

            var score = Calibration.Fuse(sum, fingers);
            for (var t = 0; t < reached.Length; t++)
            {
                if (score >= thresholds[t])
                {
                    reached[t]++;
                }
            }
        }

        return reached;
    }

    private static double Percent(long count, long total) => total == 0 ? 0 : 100.0 * count / total;
}

namespace Ektp.Biometrics.Engine.Matching;

/// <summary>
/// Maps the raw score to −10·log10(false match rate), so a threshold of 40 reads as 1 in 10,000.
/// The line is a least-squares fit of log10(FMR) against the raw score over the whole measurable impostor tail
/// (FMR 10 % … 1 in 8,640) of all 8,640 impostor pairs of FVC2002 DB1_B–DB3_B (refitted after the 640-dpi
/// extraction, after the fitted-transform consistency check and the recount of the best tree, after the spread factor,
/// after the ridge-flow agreement, after constant padding was left out of extraction, which changed every DB1
/// template, again after the ridge counts entered the edge tests and the score, and after segmentation moved to the
/// contrast of the ridge band, and after the recount's pairs became support; the earlier fit stopped at 0.15 %, which
/// extrapolates too optimistically).
/// Measured with this fit: FMR 1.01 % at 20, 0.093 % at 30, 0.012 % (1 of 8,640) at 40; FNMR 2.3 / 4.0 / 5.6 %.
/// Scores with the ridge flow but no ridge counts (a template stored as version 2) keep the fit made before the
/// counts: FMR 0.83 % at 20, 0.13 % at 30, 0.023 % at 40 then, 1.15 / 0.116 / 0.023 % on today's engine (eighteenth
/// session). Scores of minutiae alone (no ridge flow) keep the fit made before the ridge-flow agreement: FMR 0.94 % at
/// 20, 0.081 % at 30, 0.023 % at 40 then, 1.20 / 0.104 / 0.035 % on today's engine.
/// Beyond 1 in 1,000 it is still an extrapolation of that exponential tail (the development set is too small to
/// measure 1 in 10,000 directly).
/// </summary>
internal static class Calibration
{
    // Raw scores that include the ridge-flow agreement and the ridge-count agreement (both prints extracted by this
    // engine since template version 3).
    private const double CountsIntercept = 0.1457;
    private const double CountsSlope = 0.57510;

    // Raw scores that include the ridge-flow agreement of the two prints' orientation grids, without ridge counts
    // (a template stored before version 3).
    private const double FlowIntercept = -0.0889;
    private const double FlowSlope = 0.37798;

    // Raw scores of minutiae alone (a template without a grid, e.g. from ISO minutiae or the synthetic generator, or
    // grids that do not overlap): the fit made before the ridge-flow agreement, on the same pairs' minutiae-only scores.
    private const double MinutiaeIntercept = 0.3477;
    private const double MinutiaeSlope = 0.38007;

    /// <summary>The calibrated score; a raw score of 0 (nothing paired) stays 0.</summary>
    public static double ToScore(RawMatch match) => match.Raw <= 0 ? 0
        : match.RidgeCounts ? Math.Max(0, 10 * ((CountsSlope * match.Raw) - CountsIntercept))
        : match.RidgeFlow ? Math.Max(0, 10 * ((FlowSlope * match.Raw) - FlowIntercept))
        : Math.Max(0, 10 * ((MinutiaeSlope * match.Raw) - MinutiaeIntercept));

    /// <summary>
    /// The score of a sum of <paramref name="fingers"/> calibrated scores, so that it reads like one finger's:
    /// −10·log10 of the chance that independent impostor fingers sum to at least <paramref name="sum"/>. With
    /// P(s ≥ x) = 10^(−x/10) each score is exponential with rate λ = ln 10 / 10, and a sum of k of them is Erlang:
    /// P(S ≥ t) = e^(−λt) · Σ_{j&lt;k} (λt)^j / j!. Two fingers summing to 40 are about 1 in 1,000, not 1 in 10,000.
    /// </summary>
    public static double Fuse(double sum, int fingers)
    {
        if (fingers <= 1 || sum <= 0)
        {
            return Math.Max(0, sum);
        }

        var lt = sum * Math.Log(10) / 10;
        double term = 1, series = 1;
        for (var j = 1; j < fingers; j++)
        {
            term *= lt / j;
            series += term;
        }

        return Math.Max(0, sum - (10 * Math.Log10(series)));
    }
}

namespace Ektp.Biometrics.Engine.Matching;

/// <summary>
/// Maps the raw score to −10·log10(false match rate), so a threshold of 40 reads as 1 in 10,000.
/// The line is a least-squares fit of log10(FMR) against the raw score over the impostor tail
/// (FMR 10 % … 0.15 %) of all 8,640 impostor pairs of FVC2002 DB1_B–DB3_B; beyond 1 in 1,000 it is an
/// extrapolation of that exponential tail (the development set is too small to measure 1 in 10,000 directly).
/// </summary>
internal static class Calibration
{
    private const double Intercept = 0.1559;
    private const double Slope = 0.39014;

    public static double ToScore(double raw) => Math.Max(0, 10 * ((Slope * raw) - Intercept));
}

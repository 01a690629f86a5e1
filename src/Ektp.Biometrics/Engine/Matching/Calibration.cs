namespace Ektp.Biometrics.Engine.Matching;

/// <summary>
/// Maps the raw score to −10·log10(false match rate). Until measured, identity.
/// </summary>
internal static class Calibration
{
    public static double ToScore(double raw) => raw;
}

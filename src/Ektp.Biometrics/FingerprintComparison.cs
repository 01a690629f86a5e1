namespace Ektp.Biometrics;

/// <summary>A 1:1 score together with the minutiae the matcher paired to reach it.</summary>
/// <param name="Score">The calibrated score, as <see cref="FingerprintMatcher.Match"/> returns it.</param>
/// <param name="Pairs">Paired minutiae; empty when the score is 0.</param>
public sealed record FingerprintComparison(double Score, IReadOnlyList<MinutiaPair> Pairs);

/// <summary>One paired minutia: indexes into the probe's and the candidate's <see cref="FingerprintTemplate.Minutiae"/>.</summary>
public readonly record struct MinutiaPair(int ProbeIndex, int CandidateIndex);

namespace Ektp.Biometrics;

/// <summary>One person returned by <see cref="FingerprintGallery.Search"/>.</summary>
/// <param name="PersonId">The id the person was added with.</param>
/// <param name="Score">
/// Fused score: the sum of the per-finger scores. Each per-finger score reads as −10·log10(FMR), so the sum
/// reads the same way for independent fingers (two fingers at 20 ≈ one at 40 ≈ 1 in 10,000).
/// </param>
/// <param name="FingerScores">Score of every probe finger that the person has enrolled.</param>
public sealed record GalleryCandidate(
    long PersonId, double Score, IReadOnlyDictionary<FingerPosition, double> FingerScores);

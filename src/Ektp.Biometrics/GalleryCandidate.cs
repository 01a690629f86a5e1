namespace Ektp.Biometrics;

/// <summary>One person returned by <see cref="FingerprintGallery.Search"/>.</summary>
/// <param name="PersonId">The id the person was added with.</param>
/// <param name="Score">
/// Fused score, read like one finger's score (−10·log10 of the false match rate): the sum of the per-finger
/// scores, corrected for the number of fingers summed (the Erlang tail of a sum of independent calibrated
/// scores), so a threshold means the same for one finger or ten. Two fingers at 20 + 20 fuse to about 30, not 40:
/// on FVC2002 impostor scores, a raw two-finger sum of 40 is reached by 1 pair in 640, not 1 in 10,000.
/// </param>
/// <param name="FingerScores">Score of every probe finger that the person has enrolled.</param>
public sealed record GalleryCandidate(
    long PersonId, double Score, IReadOnlyDictionary<FingerPosition, double> FingerScores);

using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics;

/// <summary>
/// 1:1 comparison. Create one matcher per probe and call <see cref="Match"/> for many candidates (the probe's
/// edge index is built once), or use <see cref="Score"/> for a single comparison. Scores are calibrated:
/// a score s is reached by a random impostor pair with probability about 10^(−s/10), so 40 ≈ 1 in 10,000
/// (see docs/biometrics.md for how the calibration was measured). Deterministic and thread-safe.
/// </summary>
public sealed class FingerprintMatcher
{
    /// <summary>The recommended decision threshold: a false match rate of about 1 in 10,000.</summary>
    public const double DefaultThreshold = 40;

    private readonly EdgeIndex _index;

    /// <summary>Prepares <paramref name="probe"/> for repeated matching.</summary>
    public FingerprintMatcher(FingerprintTemplate probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Probe = probe;
        _index = new EdgeIndex(probe.Structure);
    }

    /// <summary>The template this matcher compares against.</summary>
    public FingerprintTemplate Probe { get; }

    /// <summary>Similarity of <paramref name="candidate"/> to the probe; 0 means no evidence.</summary>
    public double Match(FingerprintTemplate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Calibration.ToScore(MatchEngine.RawScore(_index, candidate.Structure));
    }

    /// <summary>
    /// Like <see cref="Match"/>, and also which minutiae were paired (indexes into each template's
    /// <see cref="FingerprintTemplate.Minutiae"/>): for showing an adjudicator why two prints matched.
    /// </summary>
    public FingerprintComparison Explain(FingerprintTemplate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var pairs = new List<(int Probe, int Candidate)>();
        var score = Calibration.ToScore(MatchEngine.RawScore(_index, candidate.Structure, pairs));
        return new FingerprintComparison(score, [.. pairs.Select(p => new MinutiaPair(p.Probe, p.Candidate))]);
    }

    internal RawMatch MatchRaw(LocalStructure candidate) => MatchEngine.RawScore(_index, candidate);

    /// <summary>
    /// Similarity of two templates. Symmetric: <c>Score(a, b) == Score(b, a)</c>, because the pair is put in a
    /// canonical order before matching.
    /// </summary>
    public static double Score(FingerprintTemplate probe, FingerprintTemplate candidate)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(candidate);
        if (probe.Structure.Fingerprint > candidate.Structure.Fingerprint)
        {
            (probe, candidate) = (candidate, probe);
        }

        return new FingerprintMatcher(probe).Match(candidate);
    }
}

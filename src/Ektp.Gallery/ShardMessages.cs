using Ektp.Biometrics;

namespace Ektp.Gallery;

/// <summary>One probe finger as it travels to the shards: ISO position and <c>FingerprintTemplate.ToBytes()</c>.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ProbeFinger([property: Id(0)] byte Position, [property: Id(1)] byte[] Template);

/// <summary>
/// A search sent to every shard: the probe, the sequence number of the last insert before it (the shard applies
/// the log up to it first), the probe's own person when it is already inserted, and the candidate list's limits.
/// </summary>
[GenerateSerializer]
[Immutable]
internal sealed record ShardQuery(
    [property: Id(0)] ProbeFinger[] Fingers,
    [property: Id(1)] long AfterSeq,
    [property: Id(2)] long? Excluding,
    [property: Id(3)] int MaxCandidates,
    [property: Id(4)] double Threshold)
{
    public static ShardQuery Of(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, long afterSeq,
        long? excluding, int maxCandidates, double threshold) =>
        new([.. probe.OrderBy(f => f.Key).Select(f => new ProbeFinger((byte)f.Key, f.Value.ToBytes()))], afterSeq,
            excluding, maxCandidates, threshold);

    public Dictionary<FingerPosition, FingerprintTemplate> Probe() =>
        Fingers.ToDictionary(f => (FingerPosition)f.Position, f => FingerprintTemplate.FromBytes(f.Template));
}

/// <summary>One shard's answer; <see cref="Ready"/> false while it is still loading its part of the log.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ShardAnswer(
    [property: Id(0)] bool Ready,
    [property: Id(1)] long AppliedSeq,
    [property: Id(2)] int Persons,
    [property: Id(3)] ShardHit[] Hits)
{
    public static ShardAnswer NotReady { get; } = new(false, 0, 0, []);
}

/// <summary>A candidate of one shard: person, fused score, score per probe finger (position, score).</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ShardHit(
    [property: Id(0)] long PersonId,
    [property: Id(1)] double Score,
    [property: Id(2)] byte[] Positions,
    [property: Id(3)] double[] FingerScores)
{
    public static ShardHit Of(GalleryCandidate c) =>
        new(c.PersonId, c.Score, [.. c.FingerScores.Keys.Select(k => (byte)k)], [.. c.FingerScores.Values]);

    public GalleryCandidate ToCandidate() =>
        new(PersonId, Score, Positions.Zip(FingerScores).ToDictionary(p => (FingerPosition)p.First, p => p.Second));
}

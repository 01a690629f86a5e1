using Ektp.Biometrics;

namespace Ektp.Central.Gallery;

/// <summary>
/// The national 1:N gallery as the pipeline and the case rulings see it. Adds and removals are rows of the gallery
/// log (<see cref="GalleryLog"/>), written in the same transaction as the person; their sequence numbers tell the
/// gallery how far it must have applied the log: a search carries the sequence number of the last insert before it
/// (insert-then-identify). Two implementations: <see cref="InProcessGallery"/> (the embedded default) and
/// <see cref="ClusterGallery"/> (shards on an Orleans cluster).
/// </summary>
internal interface IGallery
{
    /// <summary>
    /// Searches every person the log holds up to <paramref name="afterSeq"/> (and any applied later), except
    /// <paramref name="excluding"/>, the probe's own person once it is inserted.
    /// </summary>
    Task<IReadOnlyList<GalleryCandidate>> SearchAsync(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe,
        long afterSeq, long? excluding, int maxCandidates, double threshold, CancellationToken ct);

    /// <summary>The log has committed entries up to <paramref name="seq"/> (an add or a removal).</summary>
    Task CommittedAsync(long seq, CancellationToken ct);
}

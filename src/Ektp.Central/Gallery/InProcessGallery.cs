using Ektp.Biometrics;
using Ektp.Gallery;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;

namespace Ektp.Central.Gallery;

/// <summary>
/// The embedded default: the whole national gallery in this process, one <see cref="GalleryPartition"/> (shard 0
/// of 1), loaded from the gallery log at the first search and kept up to date from it after each commit, so memory
/// never holds what the database lost. No Orleans, no Redis.
/// </summary>
internal sealed class InProcessGallery(DatabaseSettings database, DataCipher cipher) : IGallery, IDisposable
{
    private readonly EfGalleryLog _log = new(database, cipher);

    public GalleryPartition Partition { get; } = new(0, 1);

    /// <summary>Loads (or brings up to date) the gallery from the log.</summary>
    public Task EnsureLoadedAsync(CancellationToken ct) => Partition.CatchUpAsync(_log, 0, ct);

    public async Task<IReadOnlyList<GalleryCandidate>> SearchAsync(
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, long afterSeq, long? excluding,
        int maxCandidates, double threshold, CancellationToken ct)
    {
        await Partition.CatchUpAsync(_log, afterSeq, ct);
        return Partition.Search(probe, excluding, maxCandidates, threshold);
    }

    public Task CommittedAsync(long seq, CancellationToken ct) => Partition.CatchUpAsync(_log, seq, ct);

    public void Dispose() => Partition.Dispose();
}

using Ektp.Biometrics;
using Ektp.Gallery;

namespace Ektp.Central.Gallery;

/// <summary>
/// The national gallery on an Orleans cluster (`ektp central --gallery-cluster HOST:PORT`): the central server is
/// an Orleans client; every search fans out to all shards through <see cref="GalleryCoordinator"/>. Shards read
/// the gallery log themselves, so a commit needs no message.
/// </summary>
internal sealed class ClusterGallery(IGrainFactory grains, CentralSettings settings) : IGallery
{
    public GalleryCoordinator Coordinator { get; } = new(grains, settings.GalleryShards);

    public async Task<IReadOnlyList<GalleryCandidate>> SearchAsync(
        IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, long afterSeq, long? excluding,
        int maxCandidates, double threshold, CancellationToken ct) =>
        (await Coordinator.SearchAsync(probe, afterSeq, excluding, maxCandidates, threshold, ct)).Candidates;

    public Task CommittedAsync(long seq, CancellationToken ct) => Task.CompletedTask;
}

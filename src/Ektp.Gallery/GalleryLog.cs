using Ektp.Biometrics;

namespace Ektp.Gallery;

/// <summary>
/// The append-only gallery log a shard rebuilds from: every add and removal of a person, with a global sequence
/// number handed out in commit order (the central database's <c>gallery_log</c> table in production).
/// </summary>
internal interface IGalleryLog
{
    /// <summary>
    /// Up to <paramref name="max"/> entries of shard <paramref name="shard"/> of <paramref name="shardCount"/>
    /// (persons with <c>PersonId % shardCount == shard</c>) with a sequence number above
    /// <paramref name="afterSeq"/>, in sequence order.
    /// </summary>
    Task<IReadOnlyList<GalleryLogRecord>> ReadAsync(int shard, int shardCount, long afterSeq, int max,
        CancellationToken ct);
}

/// <summary>One log entry: a person added with their fingers, or removed (<see cref="Fingers"/> null).</summary>
internal sealed record GalleryLogRecord(
    long Seq, long PersonId, IReadOnlyDictionary<FingerPosition, FingerprintTemplate>? Fingers);

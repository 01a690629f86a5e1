using Ektp.Biometrics;

namespace Ektp.Gallery;

/// <summary>
/// The persons of one shard in one <see cref="FingerprintGallery"/>, and how far down the gallery log they are
/// applied. The same class serves the Orleans shard grain and the embedded single-process gallery (shard 0 of 1).
/// </summary>
internal sealed class GalleryPartition(int shard, int shardCount) : IDisposable
{
    /// <summary>Log entries read per round trip to the database (about 1.2 MB of sealed templates).</summary>
    public const int PageSize = 2_000;

    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private long _applied;

    public int Shard { get; } = shard;

    public int ShardCount { get; } = shardCount;

    public FingerprintGallery Gallery { get; } = new();

    /// <summary>Every log entry of this shard up to this sequence number is applied.</summary>
    public long AppliedSeq => Volatile.Read(ref _applied);

    /// <summary>
    /// Applies every entry of this shard that the log holds beyond <see cref="AppliedSeq"/>, and at least up to
    /// <paramref name="atLeast"/> (a sequence number the caller knows to be committed: the log hands numbers out in
    /// commit order, so nothing below it can still appear). Returns the number of entries applied.
    /// </summary>
    public async Task<int> CatchUpAsync(IGalleryLog log, long atLeast, CancellationToken ct)
    {
        if (atLeast > 0 && AppliedSeq >= atLeast)
        {
            return 0;
        }

        await _catchUp.WaitAsync(ct);
        try
        {
            if (atLeast > 0 && AppliedSeq >= atLeast)
            {
                return 0;
            }

            // A pipeline: the next page is read (and its templates opened) while this one is applied.
            var applied = 0;
            var next = ReadPageAsync(log, AppliedSeq, ct);
            while (next is not null)
            {
                var page = await next;
                next = page.Count == PageSize ? ReadPageAsync(log, page[^1].Seq, ct) : null;
                try
                {
                    Apply(page);
                }
                catch
                {
                    // The read ahead is no longer wanted; its failure, if any, is not this one.
                    _ = next?.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                    throw;
                }

                applied += page.Count;
                if (page.Count > 0)
                {
                    Volatile.Write(ref _applied, page[^1].Seq);
                }
            }

            if (atLeast > AppliedSeq)
            {
                Volatile.Write(ref _applied, atLeast);
            }

            return applied;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>The search of this shard; <paramref name="excluding"/> (the probe's own person) is never returned.</summary>
    public IReadOnlyList<GalleryCandidate> Search(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe,
        long? excluding, int maxCandidates, double threshold)
    {
        var found = Gallery.Search(probe, excluding is null ? maxCandidates : maxCandidates + 1, threshold);
        return [.. found.Where(c => c.PersonId != excluding).Take(maxCandidates)];
    }

    public void Dispose()
    {
        Gallery.Dispose();
        _catchUp.Dispose();
    }

    // On the thread pool: a database driver whose "async" reading runs synchronously (SQLite) still overlaps.
    private Task<IReadOnlyList<GalleryLogRecord>> ReadPageAsync(IGalleryLog log, long afterSeq, CancellationToken ct) =>
        Task.Run(() => log.ReadAsync(Shard, ShardCount, afterSeq, PageSize, ct), ct);

    // Entries of one person keep their order; different persons are prepared on all cores (the gallery computes
    // each finger's signature outside its lock).
    private void Apply(IReadOnlyList<GalleryLogRecord> page)
    {
        var byPerson = page.GroupBy(e => e.PersonId).ToList();
        Parallel.ForEach(byPerson, entries =>
        {
            foreach (var entry in entries)
            {
                if (entry.Fingers is null || entry.Fingers.Count == 0)
                {
                    Gallery.Remove(entry.PersonId);
                }
                else
                {
                    Gallery.Add(entry.PersonId, entry.Fingers);
                }
            }
        });
    }
}

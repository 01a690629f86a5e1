using System.Diagnostics;
using Ektp.Biometrics;

namespace Ektp.Gallery;

/// <summary>
/// Fans one identification out to every shard grain and merges their candidate lists in the order of the
/// single-process search (fused score, then person id). A shard that is loading, or whose silo has died and whose
/// grain is being activated elsewhere, is asked again with a growing pause until <see cref="Deadline"/>.
/// </summary>
internal sealed class GalleryCoordinator(IGrainFactory grains, int shardCount)
{
    public int ShardCount { get; } = shardCount > 0
        ? shardCount
        : throw new ArgumentOutOfRangeException(nameof(shardCount), "A gallery has at least one shard.");

    /// <summary>How long one search waits for a shard that does not answer before it fails.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);

    public static string Key(int shard, int shardCount) => FormattableString.Invariant($"{shard}/{shardCount}");

    public IGalleryShardGrain Shard(int shard) => grains.GetGrain<IGalleryShardGrain>(Key(shard, ShardCount));

    public async Task<GallerySearch> SearchAsync(IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe,
        long afterSeq, long? excluding, int maxCandidates, double threshold, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var query = ShardQuery.Of(probe, afterSeq, excluding, maxCandidates, threshold);
        var answers = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(k => AskAsync(k, query, ct)));
        var merged = answers.SelectMany(a => a.Answer.Hits)
            .OrderByDescending(h => h.Score).ThenBy(h => h.PersonId)
            .Take(maxCandidates).Select(h => h.ToCandidate()).ToList();
        return new GallerySearch(merged, answers.Sum(a => a.Answer.Persons), answers.Sum(a => a.Retries),
            clock.Elapsed);
    }

    /// <summary>Waits until every shard has loaded (activating those not yet active); false at the deadline.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = 0;
            foreach (var k in Enumerable.Range(0, ShardCount))
            {
                try
                {
                    ready += (await Shard(k).StatusAsync().WaitAsync(ct)).Ready ? 1 : 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A silo going away; asked again below.
                }
            }

            if (ready == ShardCount)
            {
                return true;
            }

            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200, ct);
        }
    }

    private async Task<(ShardAnswer Answer, int Retries)> AskAsync(int shard, ShardQuery query, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(50);
        Exception? last = null;
        for (var retries = 0; ; retries++)
        {
            try
            {
                var answer = await Shard(shard).SearchAsync(query).WaitAsync(ct);
                if (answer.Ready)
                {
                    return (answer, retries);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The silo died or the call timed out: Orleans activates the grain elsewhere on the next call.
                last = ex;
            }

            if (clock.Elapsed > Deadline)
            {
                throw new GalleryUnavailableException(
                    $"Gallery shard {Key(shard, ShardCount)} did not answer within {Deadline.TotalSeconds:F0} s.", last);
            }

            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1_000));
        }
    }
}

/// <summary>A merged answer: the candidates, persons searched, shard calls repeated, time taken.</summary>
internal sealed record GallerySearch(
    IReadOnlyList<GalleryCandidate> Candidates, long PersonsSearched, int Retries, TimeSpan Elapsed);

/// <summary>A shard did not answer in time: the search cannot be complete, so it is not answered at all.</summary>
internal sealed class GalleryUnavailableException : Exception
{
    public GalleryUnavailableException()
    {
    }

    public GalleryUnavailableException(string message)
        : base(message)
    {
    }

    public GalleryUnavailableException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

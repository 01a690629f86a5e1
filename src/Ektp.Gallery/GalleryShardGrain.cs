using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Ektp.Gallery;

/// <summary>One shard of the national gallery, keyed <c>k/N</c> (shard k of N).</summary>
internal interface IGalleryShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the log up to <see cref="ShardQuery.AfterSeq"/>, then searches; answers
    /// <see cref="ShardAnswer.NotReady"/> while the shard is still loading.
    /// </summary>
    Task<ShardAnswer> SearchAsync(ShardQuery query);

    /// <summary>Starts loading if it has not (activation) and tells whether it is ready, without searching.</summary>
    Task<ShardAnswer> StatusAsync();
}

/// <summary>
/// A shard grain: its persons live in one <see cref="GalleryPartition"/> (a few large arrays, no object per
/// template). Loading runs in the background after activation, because activation has a 30 s limit and a
/// million-person shard takes longer on a busy machine; until it is done every call answers "not ready". It is
/// never idle-collected (<see cref="KeepAliveAttribute"/>) or moved by the rebalancer; when its silo dies, the next
/// call activates it elsewhere and it rebuilds from the gallery log.
/// </summary>
[KeepAlive]
[Immovable(ImmovableKind.Any)]
internal sealed partial class GalleryShardGrain(IGalleryLog log, ILogger<GalleryShardGrain> logger)
    : Grain, IGalleryShardGrain
{
    private Task<GalleryPartition>? _loading;
    private int _shard;
    private int _count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_shard, _count) = ParseKey(this.GetPrimaryKeyString());
        StartLoading();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_loading is { IsCompletedSuccessfully: true } loaded)
        {
            loaded.Result.Dispose();
        }

        return Task.CompletedTask;
    }

    public async Task<ShardAnswer> SearchAsync(ShardQuery query)
    {
        if (Ready() is not { } partition)
        {
            return ShardAnswer.NotReady;
        }

        // Off the grain's own scheduler, so the gallery's Parallel.For gets every core.
        return await Task.Run(async () =>
        {
            await partition.CatchUpAsync(log, query.AfterSeq, CancellationToken.None);
            var found = partition.Search(query.Probe(), query.Excluding, query.MaxCandidates, query.Threshold);
            return new ShardAnswer(true, partition.AppliedSeq, partition.Gallery.PersonCount,
                [.. found.Select(ShardHit.Of)]);
        });
    }

    public Task<ShardAnswer> StatusAsync() => Task.FromResult(Ready() is { } partition
        ? new ShardAnswer(true, partition.AppliedSeq, partition.Gallery.PersonCount, [])
        : ShardAnswer.NotReady);

    internal static (int Shard, int Count) ParseKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shard) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ||
            count < 1 || shard >= count)
        {
            throw new ArgumentException($"A shard key is k/N with 0 <= k < N, not '{key}'.", nameof(key));
        }

        return (shard, count);
    }

    private GalleryPartition? Ready()
    {
        if (_loading is { IsFaulted: true } failed)
        {
            LogLoadFailed(logger, failed.Exception, _shard, _count);
            StartLoading();
        }

        return _loading is { IsCompletedSuccessfully: true } done ? done.Result : null;
    }

    private void StartLoading()
    {
        var (shard, count) = (_shard, _count);
        _loading = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            var partition = new GalleryPartition(shard, count);
            try
            {
                var entries = await partition.CatchUpAsync(log, 0, CancellationToken.None);
                LogLoaded(logger, shard, count, partition.Gallery.PersonCount, entries, clock.Elapsed.TotalSeconds);
                return partition;
            }
            catch
            {
                partition.Dispose();
                throw;
            }
        });
    }

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information,
        Message = "Gallery shard {Shard}/{Count} loaded: {Persons} persons from {Entries} log entries in {Seconds:F1} s")]
    private static partial void LogLoaded(ILogger logger, int shard, int count, int persons, int entries, double seconds);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning,
        Message = "Gallery shard {Shard}/{Count} could not load; loading again")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, int shard, int count);
}

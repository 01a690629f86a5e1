using System.Collections.Concurrent;
using System.Diagnostics;
using Ektp.Biometrics;
using Ektp.Gallery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ektp.Gallery.Tests;

[Collection(nameof(OneClusterAtATime))]
public sealed class DuplicateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_pairs_of_duplicates_submitted_concurrently_all_meet()
    {
        const int Pairs = 1_000;
        var clock = Stopwatch.StartNew();
        using var database = await LogDatabase.CreateAsync();
        var cluster = await GalleryTestCluster.StartAsync(database, silos: 3);
        try
        {
            var coordinator = new GalleryCoordinator(cluster.GrainFactory, shardCount: 3);
            Assert.True(await coordinator.WaitReadyAsync(TimeSpan.FromMinutes(2), default));

            // Both recordings of person i one after the other in the queue, so two workers take them at the same
            // moment: each inserts its person with a log row, then searches as of that row's seq (the pipeline's
            // insert-then-identify).
            var queue = new ConcurrentQueue<(int Pair, int Impression)>(
                Enumerable.Range(0, Pairs).SelectMany(p => new[] { (p, 1), (p, 2) }));
            var personOf = new ConcurrentDictionary<(int, int), long>();
            var found = new ConcurrentDictionary<(int, int), long[]>();
            var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var item))
                {
                    var fingers = SyntheticPersons.Fingers(item.Pair, item.Impression, count: 1);
                    var (person, seq) = await database.InsertAsync(fingers);
                    personOf[item] = person;
                    var answer = await coordinator.SearchAsync(fingers, seq, person, 10,
                        FingerprintMatcher.DefaultThreshold, default);
                    found[item] = [.. answer.Candidates.Select(c => c.PersonId)];
                }
            })).ToList();
            await Task.WhenAll(workers);

            // A pair whose two impressions score below the threshold against each other cannot meet in any gallery
            // (synthetic impressions do that a few times in a thousand); what is tested is that every other pair does.
            var missed = new List<int>();
            var unmatchable = 0;
            var both = 0;
            for (var p = 0; p < Pairs; p++)
            {
                var firstFound = found[(p, 1)].Contains(personOf[(p, 2)]);
                var secondFound = found[(p, 2)].Contains(personOf[(p, 1)]);
                both += firstFound && secondFound ? 1 : 0;
                if (!firstFound && !secondFound)
                {
                    var (first, second) = (SyntheticPersons.Fingers(p, 1, count: 1), SyntheticPersons.Fingers(p, 2, count: 1));
                    var score = new FingerprintMatcher(first[FingerPosition.RightIndex])
                        .Match(second[FingerPosition.RightIndex]);
                    if (score >= FingerprintMatcher.DefaultThreshold)
                    {
                        missed.Add(p);
                    }
                    else
                    {
                        unmatchable++;
                    }
                }
            }

            output.WriteLine($"{Pairs} pairs in {clock.Elapsed.TotalSeconds:F1} s: {both} found by both recordings, " +
                             $"{Pairs - both - missed.Count - unmatchable} by the later one only, {unmatchable} whose " +
                             $"impressions score below the threshold, {missed.Count} missed");
            Assert.Empty(missed);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}

using System.Diagnostics;
using Ektp.Biometrics;
using Ektp.Central.Gallery;
using Ektp.Cli.Gallery;
using Ektp.Gallery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ektp.Gallery.Tests;

[Collection(nameof(OneClusterAtATime))]
public sealed class ShardedSearchTests(ITestOutputHelper output)
{
    private const double Threshold = FingerprintMatcher.DefaultThreshold;

    [Fact]
    public async Task Sharded_search_returns_exactly_what_the_single_process_search_returns()
    {
        const int Persons = 50_000;
        using var database = await LogDatabase.CreateAsync();
        var clock = Stopwatch.StartNew();
        var ids = await database.PreloadAsync(Generate(Persons));
        output.WriteLine($"{Persons:N0} persons stored in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        using var single = new GalleryPartition(0, 1);
        await single.CatchUpAsync(new EfGalleryLog(database.Settings, database.Cipher), 0, default);
        output.WriteLine($"single-process gallery loaded in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var cluster = await GalleryTestCluster.StartAsync(database, silos: 3);
        try
        {
            var coordinator = new GalleryCoordinator(cluster.GrainFactory, shardCount: 6);
            Assert.True(await coordinator.WaitReadyAsync(TimeSpan.FromMinutes(3), default));
            output.WriteLine($"3 silos, 6 shards loaded in {clock.Elapsed.TotalSeconds:F1} s");

            var random = new Random(8);
            var mated = 0;
            for (var q = 0; q < 60; q++)
            {
                // Two of three probes are another impression of a stored person, the rest nobody's.
                var person = q % 3 == 2 ? Persons + q : random.Next(Persons);
                var probe = SyntheticPersons.Fingers(person, impression: 100 + q);
                var expected = single.Search(probe, null, 10, Threshold);
                var sharded = await coordinator.SearchAsync(probe, 0, null, 10, Threshold, default);

                Assert.Equal(Persons, sharded.PersonsSearched);
                Assert.Equal(Describe(expected), Describe(sharded.Candidates));
                if (person < Persons)
                {
                    Assert.Equal(ids[person], sharded.Candidates[0].PersonId);
                    mated++;
                }
            }

            Assert.Equal(40, mated);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_of_three_silos_killed_during_200_searches_all_200_return_complete_answers()
    {
        const int Persons = 3_000;
        var clock = Stopwatch.StartNew();
        using var database = await LogDatabase.CreateAsync();
        var ids = await database.PreloadAsync(Generate(Persons));
        using var single = new GalleryPartition(0, 1);
        await single.CatchUpAsync(new EfGalleryLog(database.Settings, database.Cipher), 0, default);
        var cluster = await GalleryTestCluster.StartAsync(database, silos: 3);
        try
        {
            var coordinator = new GalleryCoordinator(cluster.GrainFactory, shardCount: 3);
            Assert.True(await coordinator.WaitReadyAsync(TimeSpan.FromMinutes(2), default));
            output.WriteLine($"ready after {clock.Elapsed.TotalSeconds:F1} s");

            var longest = TimeSpan.Zero;
            var retries = 0;
            for (var q = 0; q < 200; q++)
            {
                if (q == 50)
                {
                    await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
                    output.WriteLine($"silo killed before search 50, at {clock.Elapsed.TotalSeconds:F1} s");
                }

                var person = q % 2 == 0 ? q * 29 % Persons : Persons + q;
                var probe = SyntheticPersons.Fingers(person, impression: 300 + q);
                var answer = await coordinator.SearchAsync(probe, 0, null, 10, Threshold, default);

                Assert.Equal(Persons, answer.PersonsSearched);
                Assert.Equal(Describe(single.Search(probe, null, 10, Threshold)), Describe(answer.Candidates));
                if (person < Persons)
                {
                    Assert.Equal(ids[person], answer.Candidates[0].PersonId);
                }

                longest = answer.Elapsed > longest ? answer.Elapsed : longest;
                retries += answer.Retries;
            }

            output.WriteLine($"200 searches complete at {clock.Elapsed.TotalSeconds:F1} s; longest {longest.TotalSeconds:F1} s, {retries} shard calls repeated");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            output.WriteLine($"cluster stopped at {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    internal static List<Dictionary<FingerPosition, FingerprintTemplate>> Generate(int persons, int count = 2)
    {
        var all = new Dictionary<FingerPosition, FingerprintTemplate>[persons];
        Parallel.For(0, persons, p => all[p] = SyntheticPersons.Fingers(p, impression: 0, count));
        return [.. all];
    }

    internal static List<string> Describe(IEnumerable<GalleryCandidate> candidates) =>
    [
        .. candidates.Select(c => FormattableString.Invariant(
            $"{c.PersonId}:{c.Score:R}:{string.Join(',', c.FingerScores.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value:R}"))}")),
    ];
}

/// <summary>Tests that run clusters: one at a time, so they do not starve each other of the two cores.</summary>
[CollectionDefinition(nameof(OneClusterAtATime), DisableParallelization = true)]
public sealed class OneClusterAtATime;

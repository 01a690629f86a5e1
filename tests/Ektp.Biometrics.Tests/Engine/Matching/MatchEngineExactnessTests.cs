using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Tests.Engine.Matching;

/// <summary>
/// Speed work on the matcher must not move a single score. These hashes pin every score (and every explained pairing)
/// of all ordered pairs of the committed sample, as the matcher gave them before its speed-ups (commit 4145806);
/// re-pinned when the consistency check moved to the fitted rigid transform and when the best tree became recounted
/// under it, when the score took the ridge-flow agreement of the aligned orientation grids, and when constant padding
/// at the images' edges was left out of extraction (the sample's DB1 images have a white band on the left) and the
/// calibration refitted, and when ridge counts entered the score with their own calibration and then the edge tests of
/// the voting and the tree growth, and when segmentation moved to the contrast of the ridge band and the calibration
/// was refitted, and when the recount's pairs became support and the calibration was refitted (intended score and
/// pairing changes; the last left every pairing as it was).
/// A change that is meant to alter scores must re-measure accuracy (docs/benchmarks.md) and then update the hashes.
/// </summary>
public class MatchEngineExactnessTests
{
    private const ulong ExpectedScoreHash = 0x1C99910F0A651F25UL;
    private const ulong ScoreHashWithoutRidgeCounts = 0xB86CA9616DA05291UL;
    private const ulong ExpectedPairHash = 0x32BACE6BFCFC842AUL;

    private static readonly Lazy<List<FingerprintTemplate>> Templates = new(() =>
        [.. new[] { "DB1_B", "DB3_B" }
            .SelectMany(db => Directory.GetFiles(TestData.Sample(db), "*.png").Order(StringComparer.Ordinal))
            .Select(p => FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(p))))]);

    [Fact]
    public void All_ordered_pairs_of_the_sample_score_exactly_as_before_the_speed_ups() =>
        Assert.Equal($"{ExpectedScoreHash:X16}", $"{ScoreHash(Templates.Value):X16}");

    [Fact]
    public void The_scalar_paths_score_exactly_as_the_vector_paths()
    {
        // Fresh templates (with their orientation grids), so that their local structures are built on the scalar path too.
        var t = Templates.Value.Select(x => FingerprintTemplate.FromBytes(x.ToBytes())).ToList();
        MatchEngine.Vectorised = false;
        try
        {
            Assert.Equal($"{ExpectedScoreHash:X16}", $"{ScoreHash(t):X16}");
        }
        finally
        {
            MatchEngine.Vectorised = true;
        }
    }

    [Fact]
    public void Templates_stored_without_ridge_counts_score_exactly_as_before_ridge_counts()
    {
        // Version 2 templates (grid, no counts) as an earlier engine stored them: their edges' counts are unknown and
        // pass every edge test, and their scores keep that engine's calibration, so every score is what it was (the
        // hash pinned before the ridge counts, commit d9db44a, and re-pinned when the recount's pairs became support,
        // which changed every kind of score).
        var t = Templates.Value.Select(x => FingerprintTemplate.FromBytes(
            new FingerprintTemplate([.. x.Minutiae], x.Width, x.Height, x.Quality) { Orientation = x.Orientation }.ToBytes()))
            .ToList();
        Assert.All(t, x => Assert.Null(x.RidgeCounts));
        Assert.Equal($"{ScoreHashWithoutRidgeCounts:X16}", $"{ScoreHash(t):X16}");

        // A new template against a stored one, either way round, scores as two stored ones: counts enter only when
        // both prints have them.
        var hash = Fnv.Start;
        for (var i = 0; i < t.Count; i++)
        {
            var matcher = new FingerprintMatcher(i % 2 == 0 ? t[i] : Templates.Value[i]);
            for (var j = 0; j < t.Count; j++)
            {
                hash = Fnv.Add(hash, BitConverter.DoubleToUInt64Bits(matcher.Match(i % 2 == 0 ? Templates.Value[j] : t[j])));
            }
        }

        Assert.Equal($"{ScoreHashWithoutRidgeCounts:X16}", $"{hash:X16}");
    }

    private static ulong ScoreHash(List<FingerprintTemplate> t)
    {
        var hash = Fnv.Start;
        for (var i = 0; i < t.Count; i++)
        {
            var matcher = new FingerprintMatcher(t[i]);
            for (var j = 0; j < t.Count; j++)
            {
                hash = Fnv.Add(hash, BitConverter.DoubleToUInt64Bits(matcher.Match(t[j])));
            }
        }

        return hash;
    }

    [Fact]
    public void Explained_pairings_of_the_sample_are_exactly_as_before_the_speed_ups()
    {
        var t = Templates.Value;
        var hash = Fnv.Start;
        for (var i = 0; i < t.Count; i += 2)
        {
            var matcher = new FingerprintMatcher(t[i]);
            for (var j = 0; j < t.Count; j += 3)
            {
                foreach (var pair in matcher.Explain(t[j]).Pairs)
                {
                    hash = Fnv.Add(hash, (ulong)((pair.ProbeIndex << 16) | pair.CandidateIndex));
                }

                hash = Fnv.Add(hash, ulong.MaxValue);
            }
        }

        Assert.Equal($"{ExpectedPairHash:X16}", $"{hash:X16}");
    }

    private static class Fnv
    {
        public const ulong Start = 14695981039346656037;

        public static ulong Add(ulong hash, ulong value) => (hash ^ value) * 1099511628211;
    }
}

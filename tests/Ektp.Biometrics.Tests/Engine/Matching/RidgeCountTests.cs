using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Tests.Engine.Matching;

public class RidgeCountTests
{
    private static readonly Lazy<List<(string Finger, FingerprintTemplate Template)>> Sample = new(() =>
        [.. new[] { "DB1_B", "DB3_B" }
            .SelectMany(db => Directory.GetFiles(TestData.Sample(db), "*.png").Order(StringComparer.Ordinal))
            .Select(p => (Path.GetFileName(Path.GetDirectoryName(p))! + Path.GetFileName(p)[..3],
                FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(p)))))]);

    // The same template as a version 2 one (stored before ridge counts): minutiae and grid, no counts.
    private static FingerprintTemplate WithoutCounts(FingerprintTemplate t) =>
        FingerprintTemplate.FromBytes(new FingerprintTemplate([.. t.Minutiae], t.Width, t.Height, t.Quality)
        {
            Orientation = t.Orientation,
        }.ToBytes());

    [Fact]
    public void Every_pair_of_minutiae_joined_by_an_edge_carries_one_count()
    {
        foreach (var (_, template) in Sample.Value.Take(6))
        {
            var s = template.Structure;
            var joined = new HashSet<(int, int)>();
            var owner = new int[s.EdgeStart[s.Count]];
            for (var a = 0; a < s.Count; a++)
            {
                for (var e = s.EdgeStart[a]; e < s.EdgeStart[a + 1]; e++)
                {
                    owner[e] = a;
                    joined.Add((Math.Min(a, s.Edges[e].To), Math.Max(a, s.Edges[e].To)));
                }
            }

            var carriers = new int[owner.Length];
            var n = carriers.AsSpan(0, s.CountedEdges(carriers)).ToArray()
                .Select(e => (Math.Min(owner[e], s.Edges[e].To), Math.Max(owner[e], s.Edges[e].To))).ToList();
            Assert.Equal(joined.Count, n.Count);
            Assert.Equal(joined.Order(), n.Order());
            Assert.Equal(n.Count, template.RidgeCounts!.Length);
        }
    }

    [Fact]
    public void Both_edges_of_a_pair_read_its_count_and_one_of_them_carries_it()
    {
        var s = Sample.Value[0].Template.Structure;
        Assert.True(s.HasRidgeCounts);
        int both = 0;
        for (var a = 0; a < s.Count; a++)
        {
            for (var e = s.EdgeStart[a]; e < s.EdgeStart[a + 1]; e++)
            {
                var b = s.Edges[e].To;
                for (var f = s.EdgeStart[b]; f < s.EdgeStart[b + 1]; f++)
                {
                    if (s.Edges[f].To == a)
                    {
                        both++;
                        Assert.Equal(s.RidgeCount[e] & 15, s.RidgeCount[f] & 15);
                        Assert.NotEqual(
                            s.RidgeCount[e] & LocalStructure.CarriesCount, s.RidgeCount[f] & LocalStructure.CarriesCount);
                    }
                }
            }
        }

        Assert.True(both > 0);
    }

    [Fact]
    public void The_vector_paths_byte_test_of_two_counts_is_the_scalar_one()
    {
        // Voting and growth test counts as bytes: (probe − (candidate − tolerance)) mod 256 ≤ 2·tolerance, or either
        // unknown. Every pair of 4-bit counts, against EdgeIndex.RidgeCountsAgree.
        const byte Unknown = Biometrics.Engine.Extraction.RidgeCounter.Unknown;
        for (var p = 0; p < 16; p++)
        {
            for (var c = 0; c < 16; c++)
            {
                var bytes = (byte)(p - (byte)(c - Parameters.RidgeCountTolerance)) <= 2 * Parameters.RidgeCountTolerance
                    || p == Unknown || c == Unknown;
                Assert.Equal(EdgeIndex.RidgeCountsAgree(p, c), bytes);
            }
        }
    }

    [Fact]
    public void Counts_that_do_not_fit_the_edges_are_left_out()
    {
        var template = Sample.Value[0].Template;
        var s = new LocalStructure(template.MinutiaSpan);
        Assert.False(s.SetRidgeCounts(template.RidgeCounts.AsSpan(1)));
        Assert.False(s.HasRidgeCounts);
        Assert.False(s.SetRidgeCounts([]));
        Assert.True(s.SetRidgeCounts(template.RidgeCounts));
        Assert.True(s.HasRidgeCounts);

        // The edge tests read the counts from the byte columns: set with the counts, unknown without them.
        var column = s.Columns.Bytes.AsSpan(4 * s.Columns.Stride, s.EdgeStart[s.Count]).ToArray();
        Assert.Equal(s.RidgeCount.Take(column.Length).Select(b => (byte)(b & 15)), column);
        Assert.False(s.SetRidgeCounts(template.RidgeCounts.AsSpan(1)));
        Assert.All(s.Columns.Bytes.AsSpan(4 * s.Columns.Stride, s.EdgeStart[s.Count]).ToArray(),
            b => Assert.Equal(Biometrics.Engine.Extraction.RidgeCounter.Unknown, b));
    }

    [Fact]
    public void Ridge_counts_keep_genuine_scores_and_cut_impostor_scores()
    {
        // Raw scores with ridge counts (which enter the pairing and the score) against the same templates without.
        var t = Sample.Value;
        var plain = t.Select(x => WithoutCounts(x.Template)).ToList();
        double genuineWith = 0, genuineWithout = 0, impostorWith = 0, impostorWithout = 0;
        for (var i = 0; i < t.Count; i++)
        {
            var index = new EdgeIndex(t[i].Template.Structure);
            var plainIndex = new EdgeIndex(plain[i].Structure);
            for (var j = i + 1; j < t.Count; j++)
            {
                var with = MatchEngine.RawScore(index, t[j].Template.Structure);
                var without = MatchEngine.RawScore(plainIndex, plain[j].Structure);
                Assert.True(with.RidgeCounts);
                Assert.False(without.RidgeCounts);
                if (t[i].Finger == t[j].Finger)
                {
                    (genuineWith, genuineWithout) = (genuineWith + with.Raw, genuineWithout + without.Raw);
                }
                else
                {
                    (impostorWith, impostorWithout) = (impostorWith + with.Raw, impostorWithout + without.Raw);
                }
            }
        }

        var (genuine, impostor) = (genuineWith / genuineWithout, impostorWith / impostorWithout);
        Assert.True(genuine >= 0.85, $"genuine pairs keep {genuine:F3} of their raw score, impostors {impostor:F3}");
        Assert.True(genuine - impostor >= 0.1, $"genuine {genuine:F3}, impostor {impostor:F3}");
    }

    [Fact]
    public void A_template_stored_without_ridge_counts_matches_on_the_ridge_flow_scale()
    {
        var t = Sample.Value;
        var old = WithoutCounts(t[0].Template);
        Assert.Null(old.RidgeCounts);
        Assert.False(old.Structure.HasRidgeCounts);
        Assert.NotNull(old.Orientation);

        // Against a new template: the ridge flow enters, the counts do not; the genuine pair still wins.
        var matcher = new FingerprintMatcher(old);
        var raw = matcher.MatchRaw(t[1].Template.Structure);
        Assert.True(raw.RidgeFlow);
        Assert.False(raw.RidgeCounts);
        var genuine = matcher.Match(t[1].Template);
        Assert.All(t.Where(x => x.Finger != t[0].Finger), x => Assert.True(matcher.Match(x.Template) < genuine));
    }
}

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
    public void Counts_that_do_not_fit_the_edges_are_left_out()
    {
        var template = Sample.Value[0].Template;
        var s = new LocalStructure(template.MinutiaSpan);
        Assert.False(s.SetRidgeCounts(template.RidgeCounts.AsSpan(1)));
        Assert.False(s.HasRidgeCounts);
        Assert.False(s.SetRidgeCounts([]));
        Assert.True(s.SetRidgeCounts(template.RidgeCounts));
        Assert.True(s.HasRidgeCounts);
    }

    [Fact]
    public void Ridge_counts_agree_on_genuine_pairs_and_cut_impostor_scores_more()
    {
        // The factor each pair's score takes from its ridge counts: raw score with counts over the same without.
        var t = Sample.Value;
        var plain = t.Select(x => WithoutCounts(x.Template)).ToList();
        var genuine = new List<double>();
        var impostor = new List<double>();
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
                if (without.Raw > 0)
                {
                    (t[i].Finger == t[j].Finger ? genuine : impostor).Add(with.Raw / without.Raw);
                }
            }
        }

        Assert.All(genuine.Concat(impostor), f => Assert.InRange(f, 0, 1));
        Assert.True(genuine.Average() >= 0.85,
            $"genuine pairs keep {genuine.Average():F3} of their score on average, impostors {impostor.Average():F3}");
        Assert.True(genuine.Average() - impostor.Average() >= 0.1,
            $"genuine {genuine.Average():F3}, impostor {impostor.Average():F3}");
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

using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Tests.Engine.Matching;

public class EdgeIndexTests
{
    [Fact]
    public void Byte_columns_accept_exactly_the_edges_the_scalar_test_accepts()
    {
        var probe = TestData.SampleTemplate("DB1_B", "101_1.png").Structure;
        var index = new EdgeIndex(probe);
        var candidate = TestData.SampleTemplate("DB1_B", "101_2.png").Structure;
        var checkedPairs = 0;
        for (var k = 0; k < index.Items.Length; k++)
        {
            var pe = probe.Edges[index.Items[k]];
            var entry = new VoteEntry(pe.Length, pe.RefAngle, pe.NeighbourAngle, index.Owner[index.Items[k]], pe.To);
            foreach (var ce in candidate.Edges)
            {
                var vector = ce.Length >= index.MinLength[k] && ce.Length <= index.MaxLength[k]
                    && (byte)(index.RefAngle11[k] - ce.RefAngle) <= 22
                    && (byte)(index.NeighbourAngle11[k] - ce.NeighbourAngle) <= 22;
                Assert.Equal(EdgeIndex.QuickCompatible(entry, ce), vector);
                checkedPairs++;
            }

            Assert.Equal(entry.Owner, index.VoteOwner[k]);
            Assert.Equal(entry.To, index.VoteTo[k]);
        }

        Assert.True(checkedPairs > 10_000);
    }

    [Fact]
    public void The_length_test_accepts_an_interval_for_every_probe_length()
    {
        for (var p = 0; p <= Parameters.MaxEdgeLength; p++)
        {
            var accepted = Enumerable.Range(0, 256).Where(c => EdgeIndex.LengthCompatible(p, c)).ToList();
            Assert.Equal(accepted.Count, accepted[^1] - accepted[0] + 1);
        }
    }

    [Fact]
    public void Growth_windows_accept_exactly_the_edges_the_scalar_growth_accepts()
    {
        var probe = TestData.SampleTemplate("DB1_B", "101_1.png").Structure;
        var index = new EdgeIndex(probe);
        var candidate = TestData.SampleTemplate("DB1_B", "101_3.png").Structure;
        var accepted = 0;
        for (var e = 0; e < probe.Edges.Length; e++)
        {
            var (pe, g) = (probe.Edges[e], index.GrowEdges[e]);
            foreach (var ce in candidate.Edges)
            {
                var shortest = pe.Length - EdgeIndex.LengthTolerance(pe.Length);
                var longest = pe.Length + EdgeIndex.LengthTolerance((int)(pe.Length * 1.1) + 1);
                var scalar = !(ce.Length < shortest) && !(ce.Length > longest) && MatchEngine.Compatible(pe, ce, out _);
                var vector = ce.Length >= g.MinLength && ce.Length <= g.MaxLength
                    && (byte)(g.RefAngle11 - ce.RefAngle) <= 22 && (byte)(g.NeighbourAngle11 - ce.NeighbourAngle) <= 22;
                Assert.Equal(scalar, vector);
                accepted += scalar ? 1 : 0;
            }
        }

        Assert.True(accepted > 100);
    }

    [Fact]
    public void The_float_length_test_accepts_an_interval_for_every_probe_length()
    {
        for (var p = 0; p <= Parameters.MaxEdgeLength; p++)
        {
            var accepted = Enumerable.Range(0, 256).Where(c => MatchEngine.LengthWithinTolerance(p, c)).ToList();
            Assert.Equal(accepted.Count, accepted[^1] - accepted[0] + 1);
        }
    }
}

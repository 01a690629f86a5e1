using Ektp.Biometrics.Engine.Extraction;
using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Tests.Engine.Matching;

public class LocalStructureTests
{
    [Theory]
    [InlineData(1, 40, 300)]
    [InlineData(2, 80, 400)]
    [InlineData(3, 60, 60)]
    [InlineData(4, 3, 500)]
    [InlineData(5, 70, 2500)] // beyond 2047 px: the insertion path instead of the key vector
    public void Edges_are_the_nearest_neighbours_by_distance_then_index_with_exact_directions(int seed, int count, int side)
    {
        // A small area makes many equal distances, so the tie order is exercised too; 80 minutiae span several vectors.
        var random = new Random(seed);
        var minutiae = Enumerable.Range(0, count)
            .Select(_ => new Minutia(
                (short)random.Next(side), (short)random.Next(side), (byte)random.Next(256), MinutiaType.Ending, 50))
            .ToArray();
        var structure = new LocalStructure(minutiae);
        var expected = new List<NeighbourEdge>();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(expected.Count, structure.EdgeStart[i]);
            var (xi, yi, ai) = (minutiae[i].X, minutiae[i].Y, minutiae[i].Angle);
            expected.AddRange(Enumerable.Range(0, count)
                .Select(j => (J: j, D2: ((minutiae[j].X - xi) * (minutiae[j].X - xi)) + ((minutiae[j].Y - yi) * (minutiae[j].Y - yi))))
                .Where(c => c.J != i && c.D2 <= Parameters.MaxEdgeLength * Parameters.MaxEdgeLength)
                .OrderBy(c => c.D2).ThenBy(c => c.J)
                .Take(Parameters.Neighbours)
                .Select(c => new NeighbourEdge(
                    (byte)c.J,
                    (byte)(Angles.FromVector(minutiae[c.J].X - xi, minutiae[c.J].Y - yi) - ai),
                    (byte)(minutiae[c.J].Angle - ai),
                    (short)Math.Round(Math.Sqrt(c.D2)))));
        }

        Assert.Equal(expected.Count, structure.EdgeStart[count]);
        Assert.Equal(expected, structure.Edges);
    }

    [Fact]
    public void A_reused_structure_rebuilt_for_one_template_after_another_equals_a_new_one()
    {
        var random = new Random(7);
        var reused = LocalStructure.Reusable();
        foreach (var (count, side) in new[] { (40, 300), (80, 400), (3, 500), (200, 1500), (25, 300), (70, 2500), (0, 10), (60, 60) })
        {
            var minutiae = Enumerable.Range(0, count)
                .Select(_ => new Minutia((short)random.Next(side), (short)random.Next(side), (byte)random.Next(256),
                    (MinutiaType)random.Next(1, 3), 50))
                .ToArray();
            var fresh = new LocalStructure(minutiae);
            const int K = Parameters.Neighbours;
            var lists = new byte[count * K];
            fresh.StoreNeighbours(lists);

            // Without stored neighbour lists, with them, with each list starting with its own minutia's index (what the
            // gallery stores until a finger's first comparison: ranked instead), with every other list not written
            // yet, and with lists that name a minutia that is not there (ranked instead).
            var unset = new byte[count * K];
            var half = lists.ToArray();
            var foreign = lists.ToArray();
            for (var i = 0; i < count; i++)
            {
                unset[i * K] = (byte)i;
                half[i * K] = i % 2 == 0 ? (byte)i : half[i * K];
                foreign[i * K] = foreign[i * K] == byte.MaxValue ? byte.MaxValue : (byte)count;
            }

            foreach (var stored in new[] { [], lists, unset, half, foreign })
            {
                reused.Rebuild(minutiae, stored);
                AssertSame(fresh, reused, count);
            }

            // A structure rebuilt from stored lists writes the same lists again.
            reused.Rebuild(minutiae, lists);
            var again = new byte[count * K];
            reused.StoreNeighbours(again);
            Assert.Equal(lists, again);
        }
    }

    private static void AssertSame(LocalStructure fresh, LocalStructure reused, int count)
    {
        Assert.Equal(fresh.Count, reused.Count);
        Assert.Equal(fresh.Fingerprint, reused.Fingerprint);
        Assert.Equal(fresh.X, reused.X[..count]);
        Assert.Equal(fresh.Y, reused.Y[..count]);
        Assert.Equal(fresh.Angle, reused.Angle[..count]);
        Assert.Equal(fresh.Type, reused.Type[..count]);
        Assert.Equal(fresh.EdgeStart, reused.EdgeStart[..(count + 1)]);
        var edges = fresh.Edges.Length;
        Assert.Equal(fresh.Edges, reused.Edges[..edges]);
        for (var column = 0; column < 4; column++)
        {
            Assert.Equal(
                fresh.Columns.Bytes.AsSpan(column * fresh.Columns.Stride, edges).ToArray(),
                reused.Columns.Bytes.AsSpan(column * reused.Columns.Stride, edges).ToArray());
        }
    }
}

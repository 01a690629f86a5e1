using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Engine.Matching;

/// <summary>An edge from a minutia to one of its nearest neighbours, in the minutia's own frame.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly record struct NeighbourEdge(byte To, byte RefAngle, byte NeighbourAngle, short Length);

/// <summary>
/// Translation- and rotation-invariant description of a template: for each minutia, the edges to its nearest
/// neighbours (length, edge direction relative to the minutia, neighbour direction relative to the minutia).
/// Built once per template; read-only afterwards, so it is shared freely between threads.
/// </summary>
internal sealed class LocalStructure
{
    public LocalStructure(ReadOnlySpan<Minutia> minutiae)
    {
        var n = minutiae.Length;
        Count = n;
        X = new short[n];
        Y = new short[n];
        Angle = new byte[n];
        Type = new byte[n];
        EdgeStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            X[i] = minutiae[i].X;
            Y[i] = minutiae[i].Y;
            Angle[i] = minutiae[i].Angle;
            Type[i] = (byte)minutiae[i].Type;
        }

        const int K = Parameters.Neighbours;
        var capacity = n * K;
        var edges = capacity <= 2048 ? stackalloc NeighbourEdge[capacity] : new NeighbourEdge[capacity];
        var count = 0;
        Span<int> nearest = stackalloc int[K];
        Span<int> nearestDistance = stackalloc int[K];

        // Coordinates widened to ints and padded to whole vectors (the padding lanes are masked off).
        var padded = n + Vector512<int>.Count;
        var xs = padded <= 1024 ? stackalloc int[padded] : new int[padded];
        var ys = padded <= 1024 ? stackalloc int[padded] : new int[padded];
        xs[n..].Clear();
        ys[n..].Clear();
        for (var i = 0; i < n; i++)
        {
            (xs[i], ys[i]) = (X[i], Y[i]);
        }

        var byKeys = Vector512.IsHardwareAccelerated && MatchEngine.Vectorised && n <= 256 && Bounded(X) && Bounded(Y);
        for (var i = 0; i < n; i++)
        {
            EdgeStart[i] = count;
            var m = 0;
            if (byKeys)
            {
                m = NearestByKeys(xs, ys, n, i, nearest, nearestDistance);
            }
            else if (Vector256.IsHardwareAccelerated && MatchEngine.Vectorised)
            {
                // Only lanes that could enter the list go through the exact insertion below; the bound only
                // tightens inside a vector, so the lanes tested are a superset of those the insertion keeps.
                var xi = Vector256.Create(xs[i]);
                var yi = Vector256.Create(ys[i]);
                for (var j0 = 0; j0 < n; j0 += Vector256<int>.Count)
                {
                    var dx = Vector256.Create(xs.Slice(j0, Vector256<int>.Count)) - xi;
                    var dy = Vector256.Create(ys.Slice(j0, Vector256<int>.Count)) - yi;
                    var bound = m == K ? Math.Min(MaxLength2, nearestDistance[K - 1]) : MaxLength2;
                    var mask = Vector256.LessThanOrEqual((dx * dx) + (dy * dy), Vector256.Create(bound))
                        .ExtractMostSignificantBits();
                    if (n - j0 < Vector256<int>.Count)
                    {
                        mask &= (1u << (n - j0)) - 1;
                    }

                    while (mask != 0)
                    {
                        var j = j0 + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        m = Offer(xs, ys, i, j, m, nearest, nearestDistance);
                    }
                }
            }
            else
            {
                for (var j = 0; j < n; j++)
                {
                    m = Offer(xs, ys, i, j, m, nearest, nearestDistance);
                }
            }

            for (var k = 0; k < m; k++)
            {
                var j = nearest[k];
                var dx = X[j] - X[i];
                var dy = Y[j] - Y[i];
                var length = (short)Math.Round(Math.Sqrt(nearestDistance[k]));
                var direction = Directions[((dy + MaxLength) * Side) + dx + MaxLength];
                edges[count++] = new NeighbourEdge(
                    (byte)j, (byte)(direction - Angle[i]), (byte)(Angle[j] - Angle[i]), length);
            }
        }

        EdgeStart[n] = count;
        Edges = edges[..count].ToArray();
        Columns = new EdgeColumns(Edges);
        ulong hash = 14695981039346656037;
        for (var i = 0; i < n; i++)
        {
            hash = (hash ^ (ulong)((X[i] << 20) ^ (Y[i] << 8) ^ Angle[i])) * 1099511628211;
        }

        Fingerprint = hash;
    }

    private const int MaxLength = Parameters.MaxEdgeLength;
    private const int MaxLength2 = MaxLength * MaxLength;

    // The same K nearest as the insertion below, ranked by the unique key distance² · 256 + index (so by distance,
    // then index, whatever the order of visits). The K smallest keys are kept sorted in one 16-lane vector, and a new
    // key is inserted without branches: lanes above it shift up by one and it lands in the gap.
    private static int NearestByKeys(
        Span<int> xs, Span<int> ys, int n, int i, Span<int> nearest, Span<int> nearestDistance)
    {
        const int K = Parameters.Neighbours;
        const int Lanes = 16;
        const int MaxKey = (MaxLength2 << 8) | 255;
        var iota = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var count = Vector512.Create(n);
        var up = Vector512.Create(0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        var notFirst = Vector512.Create(0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
        var keys = Vector512.Create(int.MaxValue);
        Span<int> chunk = stackalloc int[Lanes];
        var xi = Vector512.Create(xs[i]);
        var yi = Vector512.Create(ys[i]);
        var bound = MaxKey;
        for (var j0 = 0; j0 < n; j0 += Lanes)
        {
            var j = Vector512.Create(j0) + iota;
            var dx = Vector512.Create(xs.Slice(j0, Lanes)) - xi;
            var dy = Vector512.Create(ys.Slice(j0, Lanes)) - yi;
            var candidates = Vector512.ConditionalSelect(
                Vector512.Equals(j, Vector512.Create(i)) | Vector512.GreaterThanOrEqual(j, count),
                Vector512.Create(int.MaxValue),
                Vector512.ShiftLeft((dx * dx) + (dy * dy), 8) | j);
            candidates.CopyTo(chunk);
            var mask = Vector512.LessThanOrEqual(candidates, Vector512.Create(bound)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                var key = chunk[BitOperations.TrailingZeroCount(mask)];
                mask &= mask - 1;
                if (key > bound)
                {
                    continue;
                }

                var above = Vector512.GreaterThan(keys, Vector512.Create(key));
                var aboveBefore = Vector512.Shuffle(above, up) & notFirst;
                keys = Vector512.ConditionalSelect(
                    above, Vector512.ConditionalSelect(aboveBefore, Vector512.Shuffle(keys, up), Vector512.Create(key)), keys);
                bound = Math.Min(bound, keys.GetElement(K - 1));
            }
        }

        var m = 0;
        for (; m < K; m++)
        {
            var key = keys.GetElement(m);
            if (key == int.MaxValue)
            {
                break;
            }

            nearest[m] = key & 255;
            nearestDistance[m] = key >> 8;
        }

        return m;
    }

    // Coordinates below 2048 (images are at most 2000 px), so that distance keys cannot overflow.
    private static bool Bounded(short[] values)
    {
        foreach (var v in values)
        {
            if (v is < 0 or > 2047)
            {
                return false;
            }
        }

        return true;
    }

    // Insertion into a short sorted list: only the K nearest within MaxEdgeLength are kept, so no full sort is
    // needed; among equal distances the lower index comes first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offer(
        Span<int> xs, Span<int> ys, int i, int j, int m, Span<int> nearest, Span<int> nearestDistance)
    {
        const int K = Parameters.Neighbours;
        var dx = xs[j] - xs[i];
        var dy = ys[j] - ys[i];
        var d2 = (dx * dx) + (dy * dy);
        if (j == i || d2 > MaxLength2 || (m == K && d2 >= nearestDistance[K - 1]))
        {
            return m;
        }

        var at = m < K ? m++ : K - 1;
        while (at > 0 && nearestDistance[at - 1] > d2)
        {
            nearest[at] = nearest[at - 1];
            nearestDistance[at] = nearestDistance[at - 1];
            at--;
        }

        nearest[at] = j;
        nearestDistance[at] = d2;
        return m;
    }
    private const int Side = (2 * MaxLength) + 1;

    // Angles.FromVector of every edge vector an edge can have (both coordinates within ±MaxEdgeLength): the same
    // bytes as calling it, without an arctangent per edge. 131 KB, filled once per process (about 5 ms).
    private static readonly byte[] Directions = BuildDirections();

    private static byte[] BuildDirections()
    {
        var table = new byte[Side * Side];
        for (var dy = -MaxLength; dy <= MaxLength; dy++)
        {
            for (var dx = -MaxLength; dx <= MaxLength; dx++)
            {
                table[((dy + MaxLength) * Side) + dx + MaxLength] = Angles.FromVector(dx, dy);
            }
        }

        return table;
    }

    /// <summary>A content hash, used only to put two templates in a canonical order.</summary>
    public ulong Fingerprint { get; }

    public int Count { get; }

    public short[] X { get; }

    public short[] Y { get; }

    public byte[] Angle { get; }

    public byte[] Type { get; }

    /// <summary>Edges of minutia i are Edges[EdgeStart[i]..EdgeStart[i + 1]].</summary>
    public int[] EdgeStart { get; }

    public NeighbourEdge[] Edges { get; }

    /// <summary>The edges as byte columns, for vector tests over one minutia's edges.</summary>
    public EdgeColumns Columns { get; }
}

/// <summary>
/// Edges as byte columns (length, reference angle, neighbour angle, target) in one array, each column padded so that a
/// 16-byte vector load at any edge stays inside. Lengths fit a byte: edges are at most MaxEdgeLength long.
/// </summary>
internal sealed class EdgeColumns
{
    public const int Padding = 16;

    public EdgeColumns(NeighbourEdge[] edges)
    {
        Stride = edges.Length + Padding;
        Bytes = new byte[4 * Stride];
        for (var f = 0; f < edges.Length; f++)
        {
            var edge = edges[f];
            Bytes[f] = (byte)edge.Length;
            Bytes[Stride + f] = edge.RefAngle;
            Bytes[(2 * Stride) + f] = edge.NeighbourAngle;
            Bytes[(3 * Stride) + f] = edge.To;
        }
    }

    /// <summary>Lengths at 0, reference angles at Stride, neighbour angles at 2·Stride, targets at 3·Stride.</summary>
    public byte[] Bytes { get; }

    public int Stride { get; }
}

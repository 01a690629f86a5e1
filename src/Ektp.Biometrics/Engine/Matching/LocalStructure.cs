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
    private const int K = Parameters.Neighbours;

    public LocalStructure(ReadOnlySpan<Minutia> minutiae)
    {
        var n = minutiae.Length;
        Count = n;
        X = new short[n];
        Y = new short[n];
        Angle = new byte[n];
        Type = new byte[n];
        EdgeStart = new int[n + 1];
        var capacity = n * K;
        var edges = capacity <= 2048 ? stackalloc NeighbourEdge[capacity] : new NeighbourEdge[capacity];
        Columns = new EdgeColumns(capacity);
        var count = Fill(minutiae, [], edges, Columns);
        Edges = edges[..count].ToArray();
        Fingerprint = Hash();
    }

    // Arrays of room for `capacity` minutiae, for Rebuild.
    private LocalStructure(int capacity)
    {
        X = new short[capacity];
        Y = new short[capacity];
        Angle = new byte[capacity];
        Type = new byte[capacity];
        EdgeStart = new int[capacity + 1];
        Edges = new NeighbourEdge[capacity * K];
        Columns = new EdgeColumns(capacity * K);
    }

    /// <summary>
    /// A structure to <see cref="Rebuild"/> for one candidate after another, so that a search allocates nothing per
    /// candidate. Its arrays are longer than <see cref="Count"/>: only the matcher reads it, never
    /// <c>Signature</c> or <c>EdgeIndex</c>, which take the arrays' lengths as the minutia and edge counts.
    /// Not thread-safe: one per thread.
    /// </summary>
    public static LocalStructure Reusable() => new(Parameters.MaxMinutiae);

    /// <summary>
    /// Makes this (reusable) structure that of <paramref name="minutiae"/>, exactly as the constructor would.
    /// <paramref name="neighbours"/>, when not empty, holds <see cref="Parameters.Neighbours"/> bytes per minutia, what
    /// <see cref="StoreNeighbours"/> wrote for the same minutiae: each minutia's nearest neighbours in order, which spares
    /// finding them again. A minutia whose first byte is its own index has no list yet (a minutia is not its own
    /// neighbour), and its neighbours are ranked as without a list.
    /// </summary>
    public void Rebuild(ReadOnlySpan<Minutia> minutiae, ReadOnlySpan<byte> neighbours)
    {
        var n = minutiae.Length;
        if (n > X.Length)
        {
            (X, Y, Angle, Type, EdgeStart) = (new short[n], new short[n], new byte[n], new byte[n], new int[n + 1]);
            (Edges, Columns) = (new NeighbourEdge[n * K], new EdgeColumns(n * K));
        }

        Count = n;
        Fill(minutiae, neighbours, Edges, Columns);
        Fingerprint = Hash();
        HasRidgeCounts = false;
    }

    /// <summary>
    /// The edges that carry the ridge count of their pair of minutiae, in the order a template stores the counts:
    /// minutia by minutia, each one's edges in order, an edge a → b when a &lt; b or when b's list has no edge back to a.
    /// So every pair of minutiae joined by an edge either way is counted once, and the order follows from the minutiae
    /// alone. Returns how many were written to <paramref name="edges"/> (at least as long as the edges).
    /// </summary>
    public int CountedEdges(Span<int> edges)
    {
        var n = Count;
        var words = (n + 63) / 64;
        Span<ulong> listed = n * words <= 512 ? stackalloc ulong[n * words] : new ulong[n * words];
        MarkReached(listed, words);

        var count = 0;
        for (var a = 0; a < n; a++)
        {
            for (var e = EdgeStart[a]; e < EdgeStart[a + 1]; e++)
            {
                int b = Edges[e].To;
                if (Carries(a, b, Reaches(listed, words, b, a)))
                {
                    edges[count++] = e;
                }
            }
        }

        return count;
    }

    // One row of bits per minutia (words ulongs): bit b of row a when an edge of a reaches b.
    private void MarkReached(Span<ulong> reached, int words)
    {
        reached.Clear();
        for (var a = 0; a < Count; a++)
        {
            for (var e = EdgeStart[a]; e < EdgeStart[a + 1]; e++)
            {
                int b = Edges[e].To;
                reached[(a * words) + (b >> 6)] |= 1UL << (b & 63);
            }
        }
    }

    private static bool Reaches(ReadOnlySpan<ulong> reached, int words, int from, int to) =>
        (reached[(from * words) + (to >> 6)] & (1UL << (to & 63))) != 0;

    // Whether edge a → b carries its pair's count (the template's order): when a < b, or when b has no edge back to a.
    private static bool Carries(int a, int b, bool back) => a < b || !back;

    /// <summary>
    /// Takes the template's ridge counts (<see cref="CountedEdges"/> order, 0–15 each). Every edge gets its pair's
    /// count in <see cref="RidgeCount"/>, and the edge that carries it also <see cref="CarriesCount"/>. Returns false,
    /// and the structure has no ridge counts, when the number of counts is not the number of counted edges (counts
    /// made by an engine that chose neighbours differently).
    /// </summary>
    public bool SetRidgeCounts(ReadOnlySpan<byte> counts)
    {
        var n = Count;
        var edgeCount = EdgeStart[n];
        var column = Columns.Bytes.AsSpan(4 * Columns.Stride, edgeCount);
        if (HasRidgeCounts)
        {
            column.Fill(RidgeCounter.Unknown);
            HasRidgeCounts = false;
        }

        if (counts.IsEmpty)
        {
            return false;
        }

        if (RidgeCount.Length < Edges.Length)
        {
            RidgeCount = new byte[Edges.Length];
        }

        // Which minutiae each one's edges reach, as in CountedEdges.
        var words = (n + 63) / 64;
        Span<ulong> listed = n * words <= 512 ? stackalloc ulong[n * words] : new ulong[n * words];
        MarkReached(listed, words);

        // The edges in CountedEdges order take the counts; when the pair is joined both ways, the edge back (which
        // comes later, from the higher minutia) takes the same count at once.
        var ridgeCount = RidgeCount.AsSpan(0, edgeCount);
        var k = 0;
        for (var a = 0; a < n; a++)
        {
            for (var e = EdgeStart[a]; e < EdgeStart[a + 1]; e++)
            {
                int b = Edges[e].To;
                var both = Reaches(listed, words, b, a);
                if (!Carries(a, b, both))
                {
                    continue;
                }

                if (k == counts.Length)
                {
                    column.Fill(RidgeCounter.Unknown);
                    return false;
                }

                var count = (byte)(counts[k++] & 15);
                (ridgeCount[e], column[e]) = ((byte)(count | CarriesCount), count);
                if (both)
                {
                    var back = EdgeTo(b, a);
                    (ridgeCount[back], column[back]) = (count, count);
                }
            }
        }

        if (k != counts.Length)
        {
            column.Fill(RidgeCounter.Unknown);
            return false;
        }

        HasRidgeCounts = true;
        return true;
    }

    // The index of minutia a's edge to b, which exists: one compare of a's targets column when vectors run.
    private int EdgeTo(int a, int b)
    {
        int first = EdgeStart[a], count = EdgeStart[a + 1] - first;
        if (Vector128.IsHardwareAccelerated && MatchEngine.Vectorised && count <= Vector128<byte>.Count)
        {
            var targets = Vector128.LoadUnsafe(ref Columns.Bytes[0], (nuint)((3 * Columns.Stride) + first));
            var mask = Vector128.Equals(targets, Vector128.Create((byte)b)).ExtractMostSignificantBits()
                & (uint)((1 << count) - 1);
            return first + BitOperations.TrailingZeroCount(mask);
        }

        var f = first;
        while (Edges[f].To != b)
        {
            f++;
        }

        return f;
    }

    /// <summary>
    /// Writes each minutia's neighbour list for <see cref="Rebuild"/>: the targets of its edges in order, then 255
    /// (<see cref="Parameters.Neighbours"/> bytes per minutia). The first byte of a list is written last, so that a
    /// thread reading the list at the same time sees either no list (the minutia's own index) or the whole list;
    /// threads writing the same lists at once write the same bytes.
    /// </summary>
    public void StoreNeighbours(Span<byte> neighbours)
    {
        for (var i = 0; i < Count; i++)
        {
            var list = neighbours.Slice(i * K, K);
            var (first, end) = (EdgeStart[i], EdgeStart[i + 1]);
            for (var k = 1; k < K; k++)
            {
                list[k] = first + k < end ? Edges[first + k].To : byte.MaxValue;
            }

            Volatile.Write(ref list[0], first < end ? Edges[first].To : byte.MaxValue);
        }
    }

    // Fills X, Y, Angle, Type and EdgeStart (at least Count long) and the edges, both as records and into `columns`;
    // returns the number of edges. Every scratch span is written before it is read.
    [SkipLocalsInit]
    private int Fill(
        ReadOnlySpan<Minutia> minutiae, ReadOnlySpan<byte> neighbours, Span<NeighbourEdge> edges, EdgeColumns columns)
    {
        var n = minutiae.Length;
        var (x, y, angle, type, edgeStart) = (X, Y, Angle, Type, EdgeStart);
        for (var i = 0; i < n; i++)
        {
            x[i] = minutiae[i].X;
            y[i] = minutiae[i].Y;
            angle[i] = minutiae[i].Angle;
            type[i] = (byte)minutiae[i].Type;
        }

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
            (xs[i], ys[i]) = (x[i], y[i]);
        }

        var byRank = Vector256.IsHardwareAccelerated && MatchEngine.Vectorised && n <= 256
            && Bounded(x.AsSpan(0, n)) && Bounded(y.AsSpan(0, n));
        Span<int> keys = stackalloc int[byRank ? 2 * padded : 0];
        Span<int> ranks = stackalloc int[Vector256<int>.Count];
        var listed = neighbours.Length == n * K && n < byte.MaxValue;
        ref var roots = ref MemoryMarshal.GetArrayDataReference(RoundedRoots);
        ref var directions = ref MemoryMarshal.GetArrayDataReference(Directions);
        ref var column = ref MemoryMarshal.GetArrayDataReference(columns.Bytes);
        var stride = columns.Stride;
        for (var i = 0; i < n; i++)
        {
            edgeStart[i] = count;
            var m = listed ? Listed(xs, ys, n, i, neighbours.Slice(i * K, K), nearest, nearestDistance) : -1;
            if (m < 0 && byRank)
            {
                m = NearestByRank(xs, ys, n, i, keys, ranks, nearest, nearestDistance);
            }
            else if (m < 0 && Vector256.IsHardwareAccelerated && MatchEngine.Vectorised)
            {
                m = 0;

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
            else if (m < 0)
            {
                m = 0;
                for (var j = 0; j < n; j++)
                {
                    m = Offer(xs, ys, i, j, m, nearest, nearestDistance);
                }
            }

            // Every kept neighbour is a minutia below n within MaxEdgeLength (each way of finding them checks it); the
            // one test below keeps the table reads inside the tables even so, without a bounds check per table.
            var (x0, y0, ai) = (xs[i], ys[i], angle[i]);
            for (var k = 0; k < m; k++)
            {
                var j = nearest[k];
                var dx = xs[j] - x0;
                var dy = ys[j] - y0;
                if ((uint)nearestDistance[k] > MaxLength2 || (uint)(dx + MaxLength) > 2 * MaxLength
                    || (uint)(dy + MaxLength) > 2 * MaxLength)
                {
                    throw new InvalidOperationException("A neighbour edge is longer than MaxEdgeLength.");
                }

                var length = Unsafe.Add(ref roots, nearestDistance[k]);
                var direction = Unsafe.Add(ref directions, ((dy + MaxLength) * Side) + dx + MaxLength);
                var to = (byte)j;
                var refAngle = (byte)(direction - ai);
                var neighbourAngle = (byte)(angle[j] - ai);
                Unsafe.Add(ref column, count) = length;
                Unsafe.Add(ref column, stride + count) = refAngle;
                Unsafe.Add(ref column, (2 * stride) + count) = neighbourAngle;
                Unsafe.Add(ref column, (3 * stride) + count) = to;
                Unsafe.Add(ref column, (4 * stride) + count) = RidgeCounter.Unknown;

                edges[count++] = new NeighbourEdge(to, refAngle, neighbourAngle, length);
            }
        }

        edgeStart[n] = count;
        return count;
    }

    private ulong Hash()
    {
        ulong hash = 14695981039346656037;
        for (var i = 0; i < Count; i++)
        {
            hash = (hash ^ (ulong)((X[i] << 20) ^ (Y[i] << 8) ^ Angle[i])) * 1099511628211;
        }

        return hash;
    }

    private const int MaxLength = Parameters.MaxEdgeLength;
    private const int MaxLength2 = MaxLength * MaxLength;

    private const int MaxKey = (MaxLength2 << 8) | 255;

    // The key distance² · 256 + index of every other minutia j from minutia i, int.MaxValue for i itself and for the
    // lanes past n, in whole vectors of 8.
    private static void Keys(Span<int> xs, Span<int> ys, int n, int i, Span<int> keys)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            // The same keys in whole vectors of 16 (xs, ys and keys are padded by at least 16 past n).
            var iota16 = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var count16 = Vector512.Create(n);
            var self16 = Vector512.Create(i);
            var xi16 = Vector512.Create(xs[i]);
            var yi16 = Vector512.Create(ys[i]);
            for (var j0 = 0; j0 < n; j0 += Vector512<int>.Count)
            {
                var j = Vector512.Create(j0) + iota16;
                var dx = Vector512.Create(xs.Slice(j0, Vector512<int>.Count)) - xi16;
                var dy = Vector512.Create(ys.Slice(j0, Vector512<int>.Count)) - yi16;
                Vector512.ConditionalSelect(
                    Vector512.Equals(j, self16) | Vector512.GreaterThanOrEqual(j, count16),
                    Vector512.Create(int.MaxValue),
                    Vector512.ShiftLeft((dx * dx) + (dy * dy), 8) | j).CopyTo(keys[j0..]);
            }

            return;
        }

        const int Lanes = 8;
        var iota = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var count = Vector256.Create(n);
        var self = Vector256.Create(i);
        var xi = Vector256.Create(xs[i]);
        var yi = Vector256.Create(ys[i]);
        for (var j0 = 0; j0 < n; j0 += Lanes)
        {
            var j = Vector256.Create(j0) + iota;
            var dx = Vector256.Create(xs.Slice(j0, Lanes)) - xi;
            var dy = Vector256.Create(ys.Slice(j0, Lanes)) - yi;
            Vector256.ConditionalSelect(
                Vector256.Equals(j, self) | Vector256.GreaterThanOrEqual(j, count),
                Vector256.Create(int.MaxValue),
                Vector256.ShiftLeft((dx * dx) + (dy * dy), 8) | j).CopyTo(keys[j0..]);
        }
    }

    // A minutia's stored neighbour list (StoreNeighbours): its length and the squared distances, or −1 when the
    // minutia has no list yet or the list names a minutia that is not there or not within MaxEdgeLength.
    private static int Listed(Span<int> xs, Span<int> ys, int n, int i, ReadOnlySpan<byte> list, Span<int> nearest,
        Span<int> nearestDistance)
    {
        // The first byte is written last (StoreNeighbours): read it first, and the rest after it.
        var first = Volatile.Read(in list[0]);
        if (first == i)
        {
            return -1;
        }

        var m = 0;
        for (var k = 0; k < K; k++)
        {
            var j = k == 0 ? first : list[k];
            if (j == byte.MaxValue)
            {
                break;
            }

            if (j >= n || j == i)
            {
                return -1;
            }

            var dx = xs[j] - xs[i];
            var dy = ys[j] - ys[i];
            var d2 = (dx * dx) + (dy * dy);
            if (d2 > MaxLength2)
            {
                return -1;
            }

            nearest[m] = j;
            nearestDistance[m++] = d2;
        }

        return m;
    }

    // The same K nearest as the insertion below, ranked by the unique key distance² · 256 + index (so by distance,
    // then index). A neighbour's place in the list is the number of keys below its own: every key within
    // MaxEdgeLength is compared with every lane at once, independent vector operations with no branch, where
    // inserting into a sorted list waits for each insertion before the next.
    private static int NearestByRank(Span<int> xs, Span<int> ys, int n, int i, Span<int> keys, Span<int> ranks,
        Span<int> nearest, Span<int> nearestDistance)
    {
        const int Lanes = 8;
        Keys(xs, ys, n, i, keys);

        // Keys beyond MaxEdgeLength are above every key that can be kept, so they change no kept key's rank. They are
        // moved out of the way at the end of the keys, above the whole vectors the lanes come from.
        var within = keys[((n + Lanes - 1) / Lanes * Lanes)..];
        var w = 0;
        for (var j = 0; j < n; j++)
        {
            var key = keys[j];
            within[w] = key;
            w += key <= MaxKey ? 1 : 0;
        }

        var m = 0;
        var limit = Vector256.Create(K);
        var maxKey = Vector256.Create(MaxKey);
        for (var j0 = 0; j0 < n; j0 += Lanes)
        {
            var lane = Vector256.Create(keys.Slice(j0, Lanes));
            if (!Vector256.LessThanOrEqualAny(lane, maxKey))
            {
                continue;
            }

            // Each comparison is all ones (−1) where the lane's key is above the other key.
            var rank = Vector256<int>.Zero;
            for (var l = 0; l < w; l++)
            {
                rank -= Vector256.GreaterThan(lane, Vector256.Create(within[l]));
            }

            var mask = (Vector256.LessThan(rank, limit) & Vector256.LessThanOrEqual(lane, maxKey))
                .ExtractMostSignificantBits();
            rank.CopyTo(ranks);
            while (mask != 0)
            {
                var at = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var key = keys[j0 + at];
                nearest[ranks[at]] = key & 255;
                nearestDistance[ranks[at]] = key >> 8;
                m++;
            }
        }

        return m;
    }

    // Coordinates below 2048 (images are at most 2000 px), so that distance keys cannot overflow.
    private static bool Bounded(ReadOnlySpan<short> values)
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

    // Math.Round(Math.Sqrt(d²)) of every squared length an edge can have: the same lengths without a square root per
    // edge (no integer's root ends in exactly .5, so there is no rounding tie). 32 KB.
    private static readonly byte[] RoundedRoots = BuildRoundedRoots();

    private static byte[] BuildRoundedRoots()
    {
        var table = new byte[MaxLength2 + 1];
        for (var d2 = 0; d2 <= MaxLength2; d2++)
        {
            table[d2] = (byte)Math.Round(Math.Sqrt(d2));
        }

        return table;
    }

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

    /// <summary>Bit of <see cref="RidgeCount"/> set on the edge that carries its pair's count.</summary>
    public const byte CarriesCount = 0x80;

    /// <summary>
    /// Per edge (the index of <see cref="Edges"/>), when <see cref="HasRidgeCounts"/>: the ridges crossed between its
    /// two minutiae in the low four bits (<see cref="RidgeCounter.Unknown"/> when not counted), and
    /// <see cref="CarriesCount"/> on one edge of each pair.
    /// </summary>
    public byte[] RidgeCount { get; private set; } = [];

    /// <summary>Whether the template came with ridge counts for these edges (extracted by this engine).</summary>
    public bool HasRidgeCounts { get; private set; }

    /// <summary>The print's packed orientation grid (<see cref="OrientationGrid.Pack"/>), empty when it has none.</summary>
    public ReadOnlyMemory<byte> Orientation { get; set; }

    /// <summary>A content hash, used only to put two templates in a canonical order.</summary>
    public ulong Fingerprint { get; private set; }

    public int Count { get; private set; }

    public short[] X { get; private set; }

    public short[] Y { get; private set; }

    public byte[] Angle { get; private set; }

    public byte[] Type { get; private set; }

    /// <summary>Edges of minutia i are Edges[EdgeStart[i]..EdgeStart[i + 1]].</summary>
    public int[] EdgeStart { get; private set; }

    public NeighbourEdge[] Edges { get; private set; }

    /// <summary>The edges as byte columns, for vector tests over one minutia's edges.</summary>
    public EdgeColumns Columns { get; private set; }
}

/// <summary>
/// Edges as byte columns (length, reference angle, neighbour angle, target) in one array, each column padded so that a
/// 16-byte vector load at any edge stays inside. Lengths fit a byte: edges are at most MaxEdgeLength long.
/// </summary>
internal sealed class EdgeColumns
{
    public const int Padding = 16;

    /// <summary>Room for <paramref name="capacity"/> edges (LocalStructure fills them).</summary>
    public EdgeColumns(int capacity)
    {
        Stride = capacity + Padding;
        Bytes = new byte[5 * Stride];
    }

    /// <summary>
    /// Lengths at 0, reference angles at Stride, neighbour angles at 2·Stride, targets at 3·Stride, ridge counts at
    /// 4·Stride (<see cref="RidgeCounter.Unknown"/> when the structure has none).
    /// </summary>
    public byte[] Bytes { get; }

    public int Stride { get; }
}

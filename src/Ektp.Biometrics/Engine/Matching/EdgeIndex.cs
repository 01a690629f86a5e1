namespace Ektp.Biometrics.Engine.Matching;

/// <summary>
/// Hash of the probe's neighbour edges by quantised (length, relative angles). Each edge is filed under every
/// bin its tolerance reaches, so a candidate edge needs a single lookup. Built once per probe.
/// </summary>
internal sealed class EdgeIndex
{
    public const int LengthBins = (Parameters.MaxEdgeLength / Parameters.EdgeLengthBin) + 2;
    public const int AngleBins = Parameters.EdgeAngleBins;
    private const int AngleBinWidth = 256 / AngleBins;

    /// <summary>
    /// The probe's ridge counts by pair of minutiae (row-major, Count × Count; <see cref="Extraction.RidgeCounter.Unknown"/>
    /// where no edge joins them), or null when the probe has none.
    /// </summary>
    public byte[]? RidgeCounts { get; }

    public EdgeIndex(LocalStructure probe)
    {
        Probe = probe;
        if (probe.HasRidgeCounts)
        {
            // Every pair joined by an edge either way, looked up by its two minutiae.
            var n = probe.Count;
            var ridgeCounts = new byte[n * n];
            ridgeCounts.AsSpan().Fill(Extraction.RidgeCounter.Unknown);
            for (var a = 0; a < n; a++)
            {
                for (var e = probe.EdgeStart[a]; e < probe.EdgeStart[a + 1]; e++)
                {
                    var b = probe.Edges[e].To;
                    ridgeCounts[(a * n) + b] = ridgeCounts[(b * n) + a] = (byte)(probe.RidgeCount[e] & 15);
                }
            }

            RidgeCounts = ridgeCounts;
        }

        var bins = LengthBins * AngleBins * AngleBins;
        var counts = new int[bins + 1];
        var entries = new List<(int Bin, int Edge)>(probe.Edges.Length * 16);
        Span<int> lengthBins = stackalloc int[8];
        Span<int> refBins = stackalloc int[4];
        Span<int> nbrBins = stackalloc int[4];
        for (var e = 0; e < probe.Edges.Length; e++)
        {
            if (e - probe.EdgeStart[OwnerOf(probe, e)] >= Parameters.VoteNeighbours)
            {
                continue;
            }

            var edge = probe.Edges[e];
            var tolerance = LengthTolerance(edge.Length);
            var lo = Math.Max(0, (int)((edge.Length - tolerance) / Parameters.EdgeLengthBin));
            var hi = Math.Min(LengthBins - 1, (int)((edge.Length + tolerance) / Parameters.EdgeLengthBin));
            var nl = 0;
            for (var l = lo; l <= hi && nl < lengthBins.Length; l++)
            {
                lengthBins[nl++] = l;
            }

            var nr = AngleRange(edge.RefAngle, refBins);
            var nn = AngleRange(edge.NeighbourAngle, nbrBins);
            for (var a = 0; a < nl; a++)
            {
                for (var b = 0; b < nr; b++)
                {
                    for (var c = 0; c < nn; c++)
                    {
                        var bin = Bin(lengthBins[a], refBins[b], nbrBins[c]);
                        entries.Add((bin, e));
                        counts[bin + 1]++;
                    }
                }
            }
        }

        for (var i = 1; i <= bins; i++)
        {
            counts[i] += counts[i - 1];
        }

        Start = (int[])counts.Clone();
        Items = new int[entries.Count];
        var fill = counts;
        foreach (var (bin, edge) in entries)
        {
            Items[fill[bin]++] = edge;
        }

        Owner = new byte[probe.Edges.Length];
        for (var i = 0; i < probe.Count; i++)
        {
            for (var e = probe.EdgeStart[i]; e < probe.EdgeStart[i + 1]; e++)
            {
                Owner[e] = (byte)i;
            }
        }

        // The filed edges as byte columns in bin order, so that one vector compare tests a whole bin (padded at the
        // end so that a full vector can always be loaded). A candidate edge of length c passes the length test of
        // entry k exactly when MinLength[k] <= c <= MaxLength[k]; angles pass when (RefAngle11[k] - c.RefAngle) mod
        // 256 <= 22. Together that is QuickCompatible.
        var padded = Items.Length + VectorPadding;
        MinLength = new byte[padded];
        MaxLength = new byte[padded];
        RefAngle11 = new byte[padded];
        NeighbourAngle11 = new byte[padded];
        VoteOwner = new byte[padded];
        VoteTo = new byte[padded];
        VoteRidgeCount = new byte[padded];
        VoteRidgeCount.AsSpan().Fill(Extraction.RidgeCounter.Unknown);
        var edges = probe.Edges;
        for (var k = 0; k < Items.Length; k++)
        {
            var e = Items[k];
            var edge = edges[e];
            (MinLength[k], MaxLength[k]) = LengthWindows[edge.Length];
            RefAngle11[k] = (byte)(edge.RefAngle + Parameters.EdgeAngleTolerance);
            NeighbourAngle11[k] = (byte)(edge.NeighbourAngle + Parameters.EdgeAngleTolerance);
            VoteOwner[k] = Owner[e];
            VoteTo[k] = edge.To;
            VoteRidgeCount[k] = RidgeCountOf(probe, e);
        }

        for (var k = Items.Length; k < padded; k++)
        {
            (MinLength[k], MaxLength[k]) = (255, 0);
        }

        GrowMinLength = new short[probe.Edges.Length];
        GrowMaxLength = new short[probe.Edges.Length];
        GrowEdges = new GrowEdge[probe.Edges.Length];
        for (var e = 0; e < probe.Edges.Length; e++)
        {
            var edge = probe.Edges[e];
            (GrowMinLength[e], GrowMaxLength[e]) = GrowWindows[edge.Length];
            var (min, max) = CompatibleWindows[edge.Length];
            min = Math.Max(min, GrowMinLength[e]);
            max = Math.Min(max, GrowMaxLength[e]);
            GrowEdges[e] = min > max
                ? new GrowEdge(255, 0, 0, 0, Extraction.RidgeCounter.Unknown)
                : new GrowEdge(
                    (byte)min, (byte)max, (byte)(edge.RefAngle + Parameters.EdgeAngleTolerance),
                    (byte)(edge.NeighbourAngle + Parameters.EdgeAngleTolerance), RidgeCountOf(probe, e));
        }
    }

    // A probe edge's ridge count, or Unknown (which agrees with any count) when the probe has none.
    private static byte RidgeCountOf(LocalStructure probe, int e) =>
        probe.HasRidgeCounts ? (byte)(probe.RidgeCount[e] & 15) : Extraction.RidgeCounter.Unknown;

    /// <summary>
    /// Whether two edges' ridge counts allow them to be the same edge: they differ by at most
    /// <see cref="Parameters.RidgeCountTolerance"/>, or either is not known.
    /// </summary>
    public static bool RidgeCountsAgree(int probe, int candidate) =>
        probe == Extraction.RidgeCounter.Unknown || candidate == Extraction.RidgeCounter.Unknown
        || Math.Abs(probe - candidate) <= Parameters.RidgeCountTolerance;

    /// <summary>
    /// Per probe edge, what the tree growth's vector test needs: the candidate lengths both inside the growth window
    /// and passing <see cref="MatchEngine.Compatible"/>'s length test, and the angles plus the tolerance (an angle
    /// passes when (angle + tolerance − candidate angle) mod 256 ≤ 2·tolerance).
    /// </summary>
    public GrowEdge[] GrowEdges { get; }

    // For each probe edge length, the candidate lengths whose difference is within the tolerance of the longer
    // edge, found by evaluating the float test itself for every length.
    private static readonly (short Min, short Max)[] CompatibleWindows = BuildCompatibleWindows();

    private static (short Min, short Max)[] BuildCompatibleWindows()
    {
        var windows = new (short, short)[MaxLength256 + 1];
        for (var p = 0; p <= MaxLength256; p++)
        {
            short min = -1, max = -1;
            for (short c = 0; c <= MaxLength256; c++)
            {
                if (MatchEngine.LengthWithinTolerance(p, c))
                {
                    min = min < 0 ? c : min;
                    max = c;
                }
            }

            windows[p] = min < 0 ? ((short)255, (short)0) : (min, max);
        }

        return windows;
    }

    /// <summary>
    /// For each probe edge, the candidate edge lengths the tree growth looks at: the shortest is the edge's length less
    /// its tolerance, the longest its length plus the tolerance of a 10 % longer edge (in integers, as the float
    /// bounds they replace).
    /// </summary>
    public short[] GrowMinLength { get; }

    /// <inheritdoc cref="GrowMinLength"/>
    public short[] GrowMaxLength { get; }

    private static readonly (short Min, short Max)[] GrowWindows = BuildGrowWindows();

    private static (short Min, short Max)[] BuildGrowWindows()
    {
        var windows = new (short, short)[MaxLength256 + 1];
        for (short length = 0; length <= MaxLength256; length++)
        {
            var shortest = length - LengthTolerance(length);
            var longest = length + LengthTolerance((int)(length * 1.1) + 1);
            short min = 0, max = -1;
            for (short c = 0; c <= MaxLength256 + 1; c++)
            {
                if (c < shortest)
                {
                    min = (short)(c + 1);
                }

                if (!(c > longest))
                {
                    max = c;
                }
            }

            windows[length] = (min, max);
        }

        return windows;
    }

    /// <summary>Bytes after the last entry of each column, so that a vector load at any entry stays inside.</summary>
    public const int VectorPadding = 32;

    /// <summary>Lengths are at most <see cref="Parameters.MaxEdgeLength"/>, so a byte holds them.</summary>
    public const int MaxLength256 = 255;

    public byte[] MinLength { get; }

    public byte[] MaxLength { get; }

    public byte[] RefAngle11 { get; }

    public byte[] NeighbourAngle11 { get; }

    public byte[] VoteOwner { get; }

    public byte[] VoteTo { get; }

    /// <summary>Each filed edge's ridge count (<see cref="Extraction.RidgeCounter.Unknown"/> when the probe has none).</summary>
    public byte[] VoteRidgeCount { get; }

    // For each probe edge length p, the candidate lengths c that QuickCompatible accepts: an interval, found by
    // testing every c so that the window is the integer test itself, not a re-derivation of it.
    private static readonly (byte Min, byte Max)[] LengthWindows = BuildLengthWindows();

    private static (byte Min, byte Max)[] BuildLengthWindows()
    {
        var windows = new (byte, byte)[MaxLength256 + 1];
        for (var p = 0; p <= MaxLength256; p++)
        {
            int min = -1, max = -1;
            for (var c = 0; c <= MaxLength256; c++)
            {
                if (LengthCompatible(p, c))
                {
                    min = min < 0 ? c : min;
                    max = c;
                }
            }

            windows[p] = min < 0 ? ((byte)255, (byte)0) : ((byte)min, (byte)max);
        }

        return windows;
    }

    internal static bool LengthCompatible(int p, int c) =>
        (Math.Abs(p - c) * 100) <= AbsoluteTolerance100 + (RelativeTolerance100 * Math.Max(p, c));

    public LocalStructure Probe { get; }

    public int[] Start { get; }

    public int[] Items { get; }

    /// <summary>The minutia each probe edge starts from.</summary>
    public byte[] Owner { get; }

    private static int OwnerOf(LocalStructure probe, int edge)
    {
        var i = Array.BinarySearch(probe.EdgeStart, edge);
        if (i < 0)
        {
            return ~i - 1;
        }

        // Minutiae without edges share a start; the owner is the last of them.
        while (i + 1 < probe.EdgeStart.Length && probe.EdgeStart[i + 1] == edge)
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The same test as <see cref="MatchEngine.Compatible"/> in integers: |Δlength| ≤ 5 + 6 % of the longer edge
    /// (scaled by 100), and both relative angles within the tolerance.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool QuickCompatible(in VoteEntry p, NeighbourEdge c)
    {
        var dl = p.Length - c.Length;
        var longer = Math.Max(p.Length, (int)c.Length);
        return (Math.Abs(dl) * 100) <= AbsoluteTolerance100 + (RelativeTolerance100 * longer)
            && Math.Abs((int)(sbyte)(p.RefAngle - c.RefAngle)) <= Parameters.EdgeAngleTolerance
            && Math.Abs((int)(sbyte)(p.NeighbourAngle - c.NeighbourAngle)) <= Parameters.EdgeAngleTolerance;
    }

    private const int AbsoluteTolerance100 = (int)(Parameters.EdgeLengthTolerance * 100);
    private const int RelativeTolerance100 = (int)(Parameters.EdgeLengthRelativeTolerance * 100);

    public static float LengthTolerance(int length) =>
        (float)(Parameters.EdgeLengthTolerance + (Parameters.EdgeLengthRelativeTolerance * length));

    public static int Bin(int lengthBin, int refBin, int nbrBin) =>
        (((lengthBin * AngleBins) + refBin) * AngleBins) + nbrBin;

    public static int BinOf(NeighbourEdge edge) => BinOf(edge.Length, edge.RefAngle, edge.NeighbourAngle);

    public static int BinOf(int length, int refAngle, int neighbourAngle) =>
        Bin(Math.Min(LengthBins - 1, length / Parameters.EdgeLengthBin),
            refAngle / AngleBinWidth, neighbourAngle / AngleBinWidth);

    private static int AngleRange(byte angle, Span<int> bins)
    {
        var lo = (angle - Parameters.EdgeAngleTolerance) & 255;
        var n = 0;
        for (var k = 0; k <= 2 * Parameters.EdgeAngleTolerance; k += 1)
        {
            var bin = ((lo + k) & 255) / AngleBinWidth;
            if (n == 0 || bins[n - 1] != bin)
            {
                if (n > 0 && bins[0] == bin)
                {
                    break;
                }

                bins[n++] = bin;
                if (n == bins.Length)
                {
                    break;
                }
            }
        }

        return n;
    }
}

/// <summary>A probe edge as filed in the vote index: its shape, the minutia it starts from and the one it reaches.</summary>
internal readonly record struct VoteEntry(short Length, byte RefAngle, byte NeighbourAngle, byte Owner, byte To);

/// <summary>A probe edge as the tree growth's vector test reads it (see <see cref="EdgeIndex.GrowEdges"/>).</summary>
internal readonly record struct GrowEdge(
    byte MinLength, byte MaxLength, byte RefAngle11, byte NeighbourAngle11, byte RidgeCount);

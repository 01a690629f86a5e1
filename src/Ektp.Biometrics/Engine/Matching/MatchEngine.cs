using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Engine.Matching;

/// <summary>
/// Edge-pair matching: neighbour edges of the candidate are looked up in the probe's edge hash; every consistent
/// edge pair votes for the two minutia pairs it joins. The best-voted pairs become roots, and from each root a
/// pairing tree grows along consistent edges, cheapest first (local consistency tolerates skin distortion that
/// a single global alignment would not). The best tree's size and support make the raw score.
/// </summary>
internal static class MatchEngine
{
    [ThreadStatic]
    private static Scratch? _scratch;

    /// <summary>
    /// False makes every stage take its scalar path, as on hardware without vector support; for tests that prove
    /// both paths give the same scores. Both are exact, so flipping it while other threads match changes nothing.
    /// </summary>
    internal static bool Vectorised { get; set; } = true;

    public static RawMatch RawScore(EdgeIndex index, LocalStructure candidate) => RawScore(index, candidate, null);

    /// <summary>Raw score; when <paramref name="bestPairs"/> is given it receives the best tree's minutia pairs.</summary>
    public static RawMatch RawScore(EdgeIndex index, LocalStructure candidate, List<(int Probe, int Candidate)>? bestPairs)
    {
        var probe = index.Probe;
        int np = probe.Count, nc = candidate.Count;
        if (np < 2 || nc < 2)
        {
            return default;
        }

        var s = _scratch ??= new Scratch();
        s.Ensure(np, nc);
        var votes = s.Votes.AsSpan(0, np * nc);
        votes.Clear();
        Vote(index, candidate, votes, nc);

        Span<int> roots = stackalloc int[Parameters.MaxRoots];
        var rootCount = TopRoots(votes, roots);
        var tried = s.Tried.AsSpan(0, np * nc);
        tried.Clear();
        double best = 0;
        for (var r = 0; r < rootCount; r++)
        {
            var root = roots[r];
            if (tried[root])
            {
                continue;
            }

            var (pairs, support) = Grow(index, candidate, root / nc, root % nc, s, tried, nc);
            // A tree whose pairs would all be consistent is the most it can score: most trees cannot beat the best
            // one even so, and skip the alignment.
            var types = TypeAgreement(probe, candidate, s, pairs);
            if (Combine(pairs, support, np, nc, pairs) * types <= best)
            {
                continue;
            }

            var consistent = Consistent(probe, candidate, s, pairs);
            var score = Combine(pairs, support, np, nc, consistent) * types;
            if (score > best)
            {
                best = score;
                s.Order.AsSpan(0, pairs).CopyTo(s.BestOrder);
                s.BestFit = s.Fit;
                s.BestTree = (pairs, support, consistent, types);
                if (bestPairs is not null)
                {
                    bestPairs.Clear();
                    for (var k = 0; k < pairs; k++)
                    {
                        bestPairs.Add((s.Order[k] >> 16, s.Order[k] & 0xFFFF));
                    }
                }
            }
        }

        if (best <= 0)
        {
            return default;
        }

        var (flow, cells) = OrientationAgreement(probe.Orientation.Span, candidate.Orientation.Span, s.BestFit);
        var raw = Recount(probe, candidate, s);
        if (cells == 0)
        {
            return new RawMatch(raw, false);
        }

        raw *= Math.Max(0, flow);
        return index.RidgeCounts is { } counts && candidate.HasRidgeCounts
            ? new RawMatch(raw * RidgeCountAgreement(counts, probe.Count, candidate, s), true, true)
            : new RawMatch(raw, true);
    }

    // Ridge counts (the FBI's and ISO/IEC 19794-2's classic complement to minutia geometry): over the pairs of the best
    // tree's minutiae that an edge joins in both prints, the share whose ridge counts differ by at most one (a ridge
    // met at a line's very end may fall either side of the count), with one agreeing pair added so that a tree with no
    // such pair keeps its score. Genuine pairs agree on about 93 % of them, chance pairings of different fingers on
    // about 75 %. Only used with the ridge flow: both prints extracted by this engine.
    private static double RidgeCountAgreement(byte[] probeCounts, int np, LocalStructure candidate, Scratch s)
    {
        // The probe minutia each candidate minutia is paired with in the best tree (Grow's scratch, free again).
        var pairs = s.BestTree.Pairs;
        var partner = s.PairC.AsSpan(0, candidate.Count);
        partner.Fill(-1);
        for (var k = 0; k < pairs; k++)
        {
            partner[s.BestOrder[k] & 0xFFFF] = s.BestOrder[k] >> 16;
        }

        int agree = 0, total = 0;
        var edges = candidate.Edges;
        var ridgeCount = candidate.RidgeCount;
        for (var k = 0; k < pairs; k++)
        {
            int p = s.BestOrder[k] >> 16, c = s.BestOrder[k] & 0xFFFF;
            for (var e = candidate.EdgeStart[c]; e < candidate.EdgeStart[c + 1]; e++)
            {
                var counted = ridgeCount[e];
                var q = partner[edges[e].To];
                if ((counted & LocalStructure.CarriesCount) == 0 || q < 0)
                {
                    continue;
                }

                int there = counted & 15, here = probeCounts[(p * np) + q];
                if (there == RidgeCounter.Unknown || here == RidgeCounter.Unknown)
                {
                    continue;
                }

                total++;
                agree += EdgeIndex.RidgeCountsAgree(here, there) ? 1 : 0;
            }
        }

        return (agree + 1.0) / (total + 1.0);
    }

    // Ridge flow (Tico and Kuosmanen's observation that minutiae alone leave impostor pairs whose ridges cross): the
    // mean cosine of the difference between the two prints' doubled ridge angles over the probe's grid cells that land
    // on the candidate's print under the best tree's fitted transform. 1 when the ridges run alike, 0 when they are
    // unrelated, negative when they cross; the score is multiplied by it (at least 0). 1 when either print has no grid
    // (templates from ISO minutiae) or the grids do not overlap, with no cells compared: such a score stays on the
    // minutiae-only scale (Calibration). The cells' differences are counted per level, so there are only Levels
    // cosines per comparison.
    private static (double Agreement, int Cells) OrientationAgreement(
        ReadOnlySpan<byte> probe, ReadOnlySpan<byte> candidate, Alignment fit)
    {
        const int L = OrientationGrid.Levels;
        const double S = OrientationGrid.CellSize;
        if (probe.Length < 4 || candidate.Length < 4)
        {
            return (1, 0);
        }

        int pl = probe[0], pt = probe[1], pw = probe[2], ph = probe[3];
        int cl = candidate[0], ct = candidate[1], cw = candidate[2], ch = candidate[3];
        Span<int> histogram = stackalloc int[L];
        histogram.Clear();
        var n = 0;
        for (var y = 0; y < ph; y++)
        {
            var dy = ((pt + y + 0.5) * S) - fit.Pcy;
            for (var x = 0; x < pw; x++)
            {
                var p = OrientationGrid.Cell(probe, (y * pw) + x);
                if (p == OrientationGrid.None)
                {
                    continue;
                }

                // The probe cell's centre in the candidate's frame (the inverse of the fit, which maps candidate to probe).
                var dx = ((pl + x + 0.5) * S) - fit.Pcx;
                var cx = (int)Math.Floor(((fit.Cos * dx) + (fit.Sin * dy) + fit.Ccx) / S) - cl;
                var cy = (int)Math.Floor(((fit.Cos * dy) - (fit.Sin * dx) + fit.Ccy) / S) - ct;
                if ((uint)cx >= (uint)cw || (uint)cy >= (uint)ch)
                {
                    continue;
                }

                var c = OrientationGrid.Cell(candidate, (cy * cw) + cx);
                if (c != OrientationGrid.None)
                {
                    histogram[(p - c + L) % L]++;
                    n++;
                }
            }
        }

        if (n == 0)
        {
            return (1, 0);
        }

        // A level difference k is a doubled-angle difference of k / L turns; the fit turns the candidate by its
        // rotation, its doubled angles by twice that.
        var rotation2 = 2 * Math.Atan2(fit.Sin, fit.Cos);
        double sum = 0;
        for (var k = 0; k < L; k++)
        {
            if (histogram[k] > 0)
            {
                sum += histogram[k] * Math.Cos((2 * Math.PI * k / L) - rotation2);
            }
        }

        return (sum / n, n);
    }

    // Each candidate edge looks up its bin and tests all the bin's probe entries in one vector compare (bins hold
    // about 5 entries on average, rarely more than 16); only the entries that pass are visited.
    private static void Vote(EdgeIndex index, LocalStructure candidate, Span<short> votes, int nc)
    {
        if (!Vector128.IsHardwareAccelerated || !Vectorised)
        {
            VoteScalar(index, candidate, votes, nc);
            return;
        }

        var start = index.Start;
        ref var minLength = ref MemoryMarshal.GetArrayDataReference(index.MinLength);
        ref var maxLength = ref MemoryMarshal.GetArrayDataReference(index.MaxLength);
        ref var refAngle = ref MemoryMarshal.GetArrayDataReference(index.RefAngle11);
        ref var neighbourAngle = ref MemoryMarshal.GetArrayDataReference(index.NeighbourAngle11);
        ref var owner = ref MemoryMarshal.GetArrayDataReference(index.VoteOwner);
        ref var to = ref MemoryMarshal.GetArrayDataReference(index.VoteTo);
        ref var ridgeCount = ref MemoryMarshal.GetArrayDataReference(index.VoteRidgeCount);
        var unknown = Vector128.Create(RidgeCounter.Unknown);
        var countWindow = Vector128.Create((byte)(2 * Parameters.RidgeCountTolerance));
        var countShift = Vector128.Create((byte)Parameters.RidgeCountTolerance);

        // Owners and targets are minutia indexes below np, a and ce.To below nc: every cell is inside votes, and the
        // sink cell just past them is inside the scratch array (Scratch.Ensure).
        ref var cells = ref MemoryMarshal.GetReference(votes);
        var sink = votes.Length;
        var window = Vector128.Create((byte)(2 * Parameters.EdgeAngleTolerance));
        var edgeStart = candidate.EdgeStart;
        ref var lengths = ref MemoryMarshal.GetArrayDataReference(candidate.Columns.Bytes);
        var stride = candidate.Columns.Stride;
        for (var a = 0; a < candidate.Count; a++)
        {
            var last = Math.Min(edgeStart[a + 1], edgeStart[a] + Parameters.VoteNeighbours);
            for (var f = edgeStart[a]; f < last; f++)
            {
                var edgeLength = Unsafe.Add(ref lengths, f);
                var edgeRef = Unsafe.Add(ref lengths, stride + f);
                var edgeNeighbour = Unsafe.Add(ref lengths, (2 * stride) + f);
                var toVotes = Unsafe.Add(ref lengths, (3 * stride) + f);
                var edgeCount = Unsafe.Add(ref lengths, (4 * stride) + f);
                var bin = EdgeIndex.BinOf(edgeLength, edgeRef, edgeNeighbour);
                int k = start[bin], end = start[bin + 1];
                var length = Vector128.Create(edgeLength);
                var refC = Vector128.Create(edgeRef);
                var neighbourC = Vector128.Create(edgeNeighbour);

                // Counts agree when (probe − candidate + tolerance) mod 256 ≤ 2·tolerance, or either is unknown.
                var countC = Vector128.Create(edgeCount) - countShift;
                var anyCount = edgeCount == RidgeCounter.Unknown ? Vector128<byte>.AllBitsSet : Vector128<byte>.Zero;

                // An empty bin runs the compare once with no lanes enabled: cheaper than a branch that mispredicts.
                do
                {
                    var pass = Vector128.GreaterThanOrEqual(length, Vector128.LoadUnsafe(ref minLength, (nuint)k))
                        & Vector128.LessThanOrEqual(length, Vector128.LoadUnsafe(ref maxLength, (nuint)k))
                        & Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref refAngle, (nuint)k) - refC, window)
                        & Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref neighbourAngle, (nuint)k) - neighbourC, window);
                    var counts = Vector128.LoadUnsafe(ref ridgeCount, (nuint)k);
                    pass &= Vector128.LessThanOrEqual(counts - countC, countWindow) | Vector128.Equals(counts, unknown)
                        | anyCount;
                    var mask = pass.ExtractMostSignificantBits() & (uint)((1L << Math.Min(end - k, Vector128<byte>.Count)) - 1);

                    // Most visits pass no entry or one, at random: the first entry's votes are cast without a branch,
                    // into the sink cell past the table when none passed (lane 16 is inside the index's padding).
                    var none = (int)((mask - 1) >> 31);
                    var first = k + BitOperations.TrailingZeroCount(mask | (1u << Vector128<byte>.Count));
                    var cell1 = (Unsafe.Add(ref owner, first) * nc) + a;
                    var cell2 = (Unsafe.Add(ref to, first) * nc) + toVotes;
                    Unsafe.Add(ref cells, cell1 + (none * (sink - cell1)))++;
                    Unsafe.Add(ref cells, cell2 + (none * (sink - cell2)))++;
                    mask &= mask - 1;
                    while (mask != 0)
                    {
                        var e = k + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        Unsafe.Add(ref cells, (Unsafe.Add(ref owner, e) * nc) + a)++;
                        Unsafe.Add(ref cells, (Unsafe.Add(ref to, e) * nc) + toVotes)++;
                    }

                    k += Vector128<byte>.Count;
                }
                while (k < end);
            }
        }
    }

    private static void VoteScalar(EdgeIndex index, LocalStructure candidate, Span<short> votes, int nc)
    {
        var start = index.Start;
        var edges = candidate.Edges;
        var columns = candidate.Columns;
        for (var a = 0; a < candidate.Count; a++)
        {
            var last = Math.Min(candidate.EdgeStart[a + 1], candidate.EdgeStart[a] + Parameters.VoteNeighbours);
            for (var f = candidate.EdgeStart[a]; f < last; f++)
            {
                var ce = edges[f];
                var bin = EdgeIndex.BinOf(ce);
                for (var k = start[bin]; k < start[bin + 1]; k++)
                {
                    if (ce.Length < index.MinLength[k] || ce.Length > index.MaxLength[k]
                        || (byte)(index.RefAngle11[k] - ce.RefAngle) > 2 * Parameters.EdgeAngleTolerance
                        || (byte)(index.NeighbourAngle11[k] - ce.NeighbourAngle) > 2 * Parameters.EdgeAngleTolerance
                        || !EdgeIndex.RidgeCountsAgree(index.VoteRidgeCount[k], columns.Bytes[(4 * columns.Stride) + f]))
                    {
                        continue;
                    }

                    votes[(index.VoteOwner[k] * nc) + a]++;
                    votes[(index.VoteTo[k] * nc) + ce.To]++;
                }
            }
        }
    }

    /// <summary>The length part of <see cref="Compatible"/>.</summary>
    public static bool LengthWithinTolerance(int p, int c) =>
        !(Math.Abs(p - c) > EdgeIndex.LengthTolerance(Math.Max(p, c)));

    // The angle tests are cheap and reject most pairs, so they come first; the error is computed only for a match.
    public static bool Compatible(NeighbourEdge p, NeighbourEdge c, out float error)
    {
        var dr = Math.Abs((int)(sbyte)(p.RefAngle - c.RefAngle));
        var dn = Math.Abs((int)(sbyte)(p.NeighbourAngle - c.NeighbourAngle));
        var dl = Math.Abs(p.Length - c.Length);
        if (dr > Parameters.EdgeAngleTolerance || dn > Parameters.EdgeAngleTolerance)
        {
            error = 0;
            return false;
        }

        var tolerance = EdgeIndex.LengthTolerance(Math.Max(p.Length, c.Length));
        if (dl > tolerance)
        {
            error = 0;
            return false;
        }

        error = (dl / tolerance) + ((float)(dr + dn) / Parameters.EdgeAngleTolerance);
        return true;
    }

    // The best-voted cells in index order of first appearance among equals. Whole vectors of cells that cannot enter
    // the list (fewer than 2 votes, or no more than the last root once the list is full) are skipped at once.
    private static int TopRoots(Span<short> votes, Span<int> roots)
    {
        var n = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vectorised)
        {
            ref var cells = ref MemoryMarshal.GetReference(votes);
            var enters = Vector256.Create((short)2);
            for (; i <= votes.Length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                // Cells below the bar at the start of the vector stay below it: the bar only rises.
                var mask = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref cells, (nuint)i), enters)
                    .ExtractMostSignificantBits();
                if (mask == 0)
                {
                    continue;
                }

                do
                {
                    n = Offer(votes, roots, n, i + BitOperations.TrailingZeroCount(mask));
                    mask &= mask - 1;
                }
                while (mask != 0);

                if (n == roots.Length)
                {
                    enters = Vector256.Create((short)(votes[roots[n - 1]] + 1));
                }
            }
        }

        for (; i < votes.Length; i++)
        {
            n = Offer(votes, roots, n, i);
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offer(Span<short> votes, Span<int> roots, int n, int i)
    {
        var v = votes[i];
        if (v < 2 || (n == roots.Length && v <= votes[roots[n - 1]]))
        {
            return n;
        }

        var at = n < roots.Length ? n++ : n - 1;
        while (at > 0 && votes[roots[at - 1]] < v)
        {
            roots[at] = roots[at - 1];
            at--;
        }

        roots[at] = i;
        return n;
    }

    private static (int Pairs, int Support) Grow(
        EdgeIndex index, LocalStructure candidate, int rootP, int rootC, Scratch s, Span<bool> tried, int nc)
    {
        var probe = index.Probe;
        var pairP = s.PairP.AsSpan(0, probe.Count);
        var pairC = s.PairC.AsSpan(0, candidate.Count);
        pairP.Fill(-1);
        pairC.Fill(-1);
        var heap = s.Heap;
        heap.Clear();
        heap.Push(0, rootP, rootC);
        var probeStart = probe.EdgeStart;
        var probeEdges = probe.Edges;
        var candidateStart = candidate.EdgeStart;
        var candidateEdges = candidate.Edges;
        var growMin = index.GrowMinLength;
        var growMax = index.GrowMaxLength;
        var growEdges = index.GrowEdges;
        var candidateCounts = candidate.Columns.Bytes.AsSpan(4 * candidate.Columns.Stride);
        int pairs = 0, support = 0;
        while (heap.TryPop(out var i, out var a))
        {
            if (pairP[i] >= 0 || pairC[a] >= 0)
            {
                continue;
            }

            pairP[i] = a;
            pairC[a] = i;
            s.Order[pairs] = (i << 16) | a;
            tried[(i * nc) + a] = true;
            pairs++;

            if (Vector128.IsHardwareAccelerated && Vectorised && candidate.EdgeStart[a + 1] - candidate.EdgeStart[a] <= Vector128<byte>.Count)
            {
                support += Expand(index, candidate, i, a, pairP, pairC, heap);
                continue;
            }

            // Neighbour edges are sorted by length on both sides, so only a short run of the candidate's edges can
            // be compatible, and its start only moves forward while the probe's edges grow longer.
            int first = candidateStart[a], end = candidateStart[a + 1];
            int from = first, fromLength = 0;
            for (var e = probeStart[i]; e < probeStart[i + 1]; e++)
            {
                var pe = probeEdges[e];
                var j = pe.To;
                var pj = pairP[j];
                int shortest = growMin[e], longest = growMax[e];
                if (shortest < fromLength)
                {
                    from = first;
                }

                fromLength = shortest;
                while (from < end && candidateEdges[from].Length < shortest)
                {
                    from++;
                }

                for (var f = from; f < end; f++)
                {
                    var ce = candidateEdges[f];
                    if (ce.Length > longest)
                    {
                        break;
                    }

                    var b = ce.To;
                    if (pj >= 0 && pj != b)
                    {
                        continue;
                    }

                    if (!Compatible(pe, ce, out var error)
                        || !EdgeIndex.RidgeCountsAgree(growEdges[e].RidgeCount, candidateCounts[f]))
                    {
                        continue;
                    }

                    if (pj == b)
                    {
                        support++;
                    }
                    else if (pairC[b] < 0)
                    {
                        heap.Push(error, j, b);
                    }
                }
            }
        }

        return (pairs, support);
    }

    // One probe edge against all of the candidate minutia's edges in one vector compare: the lanes that pass are
    // exactly the edges the scalar loop above finds inside its length run and accepts, in the same order.
    private static int Expand(
        EdgeIndex index, LocalStructure candidate, int i, int a, Span<int> pairP, Span<int> pairC, PairHeap heap)
    {
        var probe = index.Probe;
        var probeEdges = probe.Edges;
        var candidateEdges = candidate.Edges;
        var growEdges = index.GrowEdges;
        var columns = candidate.Columns;
        var stride = (nuint)columns.Stride;
        ref var bytes = ref MemoryMarshal.GetArrayDataReference(columns.Bytes);
        int first = candidate.EdgeStart[a], count = candidate.EdgeStart[a + 1] - first;
        if (count == 0)
        {
            return 0;
        }

        var at = (nuint)first;
        var lengths = Vector128.LoadUnsafe(ref bytes, at);
        var refAngles = Vector128.LoadUnsafe(ref bytes, stride + at);
        var neighbourAngles = Vector128.LoadUnsafe(ref bytes, (2 * stride) + at);
        var counts = Vector128.LoadUnsafe(ref bytes, (4 * stride) + at);
        var countsUnknown = Vector128.Equals(counts, Vector128.Create(RidgeCounter.Unknown));
        counts -= Vector128.Create((byte)Parameters.RidgeCountTolerance);
        var countWindow = Vector128.Create((byte)(2 * Parameters.RidgeCountTolerance));
        var window = Vector128.Create((byte)(2 * Parameters.EdgeAngleTolerance));
        var lanes = (uint)((1 << count) - 1);
        var support = 0;
        for (var e = probe.EdgeStart[i]; e < probe.EdgeStart[i + 1]; e++)
        {
            var g = growEdges[e];
            var pass = Vector128.GreaterThanOrEqual(lengths, Vector128.Create(g.MinLength))
                & Vector128.LessThanOrEqual(lengths, Vector128.Create(g.MaxLength))
                & Vector128.LessThanOrEqual(Vector128.Create(g.RefAngle11) - refAngles, window)
                & Vector128.LessThanOrEqual(Vector128.Create(g.NeighbourAngle11) - neighbourAngles, window);
            if (g.RidgeCount != RidgeCounter.Unknown)
            {
                pass &= Vector128.LessThanOrEqual(Vector128.Create(g.RidgeCount) - counts, countWindow) | countsUnknown;
            }

            var mask = pass.ExtractMostSignificantBits() & lanes;
            if (mask == 0)
            {
                continue;
            }

            var pe = probeEdges[e];
            var j = pe.To;
            var pj = pairP[j];
            do
            {
                var f = first + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var ce = candidateEdges[f];
                var b = ce.To;
                if (pj >= 0 && pj != b)
                {
                    continue;
                }

                Compatible(pe, ce, out var error);
                if (pj == b)
                {
                    support++;
                }
                else if (pairC[b] < 0)
                {
                    heap.Push(error, j, b);
                }
            }
            while (mask != 0);
        }

        return support;
    }

    // The pairs are aligned by the rigid transform that fits all of them best (least squares: centroids and the
    // rotation of the centred point sets), refitted once on the pairs the first fit explains, because one root pair's
    // direction is off by a few degrees and turns the whole print with it. A pair is consistent when it lands within
    // a tolerance that grows with its distance from the pairs' centre (skin stretches) and its direction agrees.
    private static int Consistent(LocalStructure probe, LocalStructure candidate, Scratch s, int pairs)
    {
        var inlier = s.Inlier.AsSpan(0, pairs);
        inlier.Fill(true);
        var count = pairs;
        // The refit changes nothing when the first fit explained every pair.
        for (var pass = 0; pass < 2 && count >= 2 && (pass == 0 || count < pairs); pass++)
        {
            double pcx = 0, pcy = 0, ccx = 0, ccy = 0;
            for (var k = 0; k < pairs; k++)
            {
                if (inlier[k])
                {
                    int i = s.Order[k] >> 16, a = s.Order[k] & 0xFFFF;
                    pcx += probe.X[i];
                    pcy += probe.Y[i];
                    ccx += candidate.X[a];
                    ccy += candidate.Y[a];
                }
            }

            pcx /= count;
            pcy /= count;
            ccx /= count;
            ccy /= count;
            double dot = 0, cross = 0;
            for (var k = 0; k < pairs; k++)
            {
                if (inlier[k])
                {
                    int i = s.Order[k] >> 16, a = s.Order[k] & 0xFFFF;
                    double px = probe.X[i] - pcx, py = probe.Y[i] - pcy;
                    double cx = candidate.X[a] - ccx, cy = candidate.Y[a] - ccy;
                    dot += (cx * px) + (cy * py);
                    cross += (cx * py) - (cy * px);
                }
            }

            var rotation = Math.Atan2(cross, dot);
            var (sin, cos) = Math.SinCos(rotation);
            var turn = (int)Math.Round(rotation * 128 / Math.PI);
            s.Fit = new Alignment(pcx, pcy, ccx, ccy, sin, cos, turn);
            count = 0;
            for (var k = 0; k < pairs; k++)
            {
                int i = s.Order[k] >> 16, a = s.Order[k] & 0xFFFF;
                double cx = candidate.X[a] - ccx, cy = candidate.Y[a] - ccy;
                double px = probe.X[i] - pcx, py = probe.Y[i] - pcy;
                var dx = (cx * cos) - (cy * sin) - px;
                var dy = (cx * sin) + (cy * cos) - py;
                var tolerance = Parameters.FitDistanceTolerance
                    + (Parameters.FitDistortion * Math.Sqrt((px * px) + (py * py)));
                inlier[k] = (dx * dx) + (dy * dy) <= tolerance * tolerance
                    && Angles.Distance((byte)(candidate.Angle[a] + turn), probe.Angle[i]) <= Parameters.PairAngleTolerance;
                if (inlier[k])
                {
                    count++;
                }
            }
        }

        return count;
    }

    // The best tree's score, recounted under its fitted transform. The tree grows only along neighbour edges, so a
    // gap in one print (a smudge, a dry patch) stops it although the minutiae beyond still line up: unpaired
    // minutiae that land within FitDistanceTolerance of each other with agreeing directions count as pairs too.
    // And the paired share is taken over the minutiae in the overlap of the two prints (those within OverlapRadius
    // of a minutia of the other print), not over all of both, so a genuine pair that overlaps little is not punished
    // for the minutiae it could never pair. Each pair the recount adds also counts as RecountSupport edges of support.
    // Only the best tree is recounted: it is chosen as before.
    private static double Recount(LocalStructure probe, LocalStructure candidate, Scratch s)
    {
        int np = probe.Count, nc = candidate.Count;
        var (pairs, support, consistent, types) = s.BestTree;
        var fit = s.BestFit;
        var pairedP = s.PairedP.AsSpan(0, np);
        var pairedC = s.PairedC.AsSpan(0, nc);
        pairedP.Clear();
        pairedC.Clear();
        for (var k = 0; k < pairs; k++)
        {
            pairedP[s.BestOrder[k] >> 16] = true;
            pairedC[s.BestOrder[k] & 0xFFFF] = true;
        }

        // The candidate's minutiae in the probe's frame; the padding lanes lie far outside any print.
        var padded = nc + Vector512<float>.Count;
        var tx = s.TransformedX.AsSpan(0, padded);
        var ty = s.TransformedY.AsSpan(0, padded);
        tx[nc..].Fill(Far);
        ty[nc..].Fill(Far);
        float sin = (float)fit.Sin, cos = (float)fit.Cos;
        for (var a = 0; a < nc; a++)
        {
            float cx = (float)(candidate.X[a] - fit.Ccx), cy = (float)(candidate.Y[a] - fit.Ccy);
            tx[a] = (cx * cos) - (cy * sin) + (float)fit.Pcx;
            ty[a] = (cx * sin) + (cy * cos) + (float)fit.Pcy;
        }

        // Which of the candidate's minutiae lie near a probe minutia: one bit per minutia.
        Span<uint> nearC = stackalloc uint[(padded / 8) + 1];
        nearC.Clear();
        const float Near = (float)(Parameters.OverlapRadius * Parameters.OverlapRadius);
        const float Close = (float)(Parameters.FitDistanceTolerance * Parameters.FitDistanceTolerance);
        var wide = Vector512.IsHardwareAccelerated && Vectorised;
        var vectorised = Vector256.IsHardwareAccelerated && Vectorised;
        int inOverlap = 0, extra = 0, paired = 0;
        double ox = 0, oy = 0, oxx = 0, oyy = 0, kx = 0, ky = 0, kxx = 0, kyy = 0;
        for (var i = 0; i < np; i++)
        {
            float px = probe.X[i], py = probe.Y[i];
            var near = false;
            var bestA = -1;
            var bestD = Close;
            if (wide)
            {
                var vx = Vector512.Create(px);
                var vy = Vector512.Create(py);
                var unpaired = !pairedP[i];
                ref var xs = ref MemoryMarshal.GetReference(tx);
                ref var ys = ref MemoryMarshal.GetReference(ty);

                // nc + 16 lanes are allocated, so every load below stays inside the arrays.
                for (var a0 = 0; a0 < nc; a0 += Vector512<float>.Count)
                {
                    var dx = Vector512.LoadUnsafe(ref xs, (nuint)a0) - vx;
                    var dy = Vector512.LoadUnsafe(ref ys, (nuint)a0) - vy;
                    var d2 = (dx * dx) + (dy * dy);
                    var nearMask = Vector512.LessThanOrEqual(d2, Vector512.Create(Near)).ExtractMostSignificantBits();
                    if (nearMask == 0)
                    {
                        continue;
                    }

                    near = true;
                    nearC[a0 / Vector512<float>.Count] |= (uint)nearMask;
                    if (!unpaired)
                    {
                        continue;
                    }

                    for (var m = Vector512.LessThanOrEqual(d2, Vector512.Create(Close)).ExtractMostSignificantBits(); m != 0; m &= m - 1)
                    {
                        var a = a0 + BitOperations.TrailingZeroCount(m);
                        if (Closer(probe, candidate, pairedC, fit.Turn, i, a, d2.GetElement(a - a0), bestD))
                        {
                            bestD = d2.GetElement(a - a0);
                            bestA = a;
                        }
                    }
                }
            }
            else if (vectorised)
            {
                var vx = Vector256.Create(px);
                var vy = Vector256.Create(py);
                var unpaired = !pairedP[i];
                ref var xs = ref MemoryMarshal.GetReference(tx);
                ref var ys = ref MemoryMarshal.GetReference(ty);

                // nc + 16 lanes are allocated, so every load below stays inside the arrays.
                for (var a0 = 0; a0 < nc; a0 += Vector256<float>.Count)
                {
                    var dx = Vector256.LoadUnsafe(ref xs, (nuint)a0) - vx;
                    var dy = Vector256.LoadUnsafe(ref ys, (nuint)a0) - vy;
                    var d2 = (dx * dx) + (dy * dy);
                    var nearMask = Vector256.LessThanOrEqual(d2, Vector256.Create(Near)).ExtractMostSignificantBits();
                    if (nearMask == 0)
                    {
                        continue;
                    }

                    near = true;
                    nearC[a0 / Vector256<float>.Count] |= nearMask;
                    if (!unpaired)
                    {
                        continue;
                    }

                    for (var m = Vector256.LessThanOrEqual(d2, Vector256.Create(Close)).ExtractMostSignificantBits(); m != 0; m &= m - 1)
                    {
                        var a = a0 + BitOperations.TrailingZeroCount(m);
                        if (Closer(probe, candidate, pairedC, fit.Turn, i, a, d2.GetElement(a - a0), bestD))
                        {
                            bestD = d2.GetElement(a - a0);
                            bestA = a;
                        }
                    }
                }
            }
            else
            {
                for (var a = 0; a < nc; a++)
                {
                    var dx = tx[a] - px;
                    var dy = ty[a] - py;
                    var d2 = (dx * dx) + (dy * dy);
                    if (d2 <= Near)
                    {
                        near = true;
                        nearC[a / 8] |= 1u << (a % 8);
                        if (!pairedP[i] && d2 <= Close && Closer(probe, candidate, pairedC, fit.Turn, i, a, d2, bestD))
                        {
                            bestD = d2;
                            bestA = a;
                        }
                    }
                }
            }

            if (near)
            {
                inOverlap++;
                ox += px;
                oy += py;
                oxx += px * px;
                oyy += py * py;
            }

            if (bestA >= 0)
            {
                pairedC[bestA] = true;
                extra++;
            }

            if (bestA >= 0 || pairedP[i])
            {
                kx += px;
                ky += py;
                kxx += px * px;
                kyy += py * py;
                paired++;
            }
        }

        var candidateInOverlap = 0;
        foreach (var bits in nearC)
        {
            candidateInOverlap += BitOperations.PopCount(bits);
        }

        var fraction = (pairs + extra) / Math.Sqrt((double)Math.Max(inOverlap, 8) * Math.Max(candidateInOverlap, 8));
        var supported = support + (Parameters.RecountSupport * extra);
        return supported * (double)consistent / pairs * Math.Sqrt(fraction) * types
            * Spread(inOverlap, ox, oy, oxx, oyy, paired, kx, ky, kxx, kyy);
    }

    // Chance pairings between two different fingers crowd into a patch (a dense, noisy corner lines up by luck),
    // while a genuine pair's matches spread over the whole overlap. The score is scaled by the ratio of the radii of
    // gyration of the paired probe minutiae (tree and recount) and of all probe minutiae in the overlap (at most 1),
    // to the power SpreadExponent: a match spread over half the overlap's radius keeps 0.5^0.25 = 84 % of its score.
    private static double Spread(
        int n, double sx, double sy, double sxx, double syy, int k, double kx, double ky, double kxx, double kyy)
    {
        if (n < 2 || k < 2)
        {
            return 1;
        }

        var overlap = (sxx / n) - ((sx / n) * (sx / n)) + (syy / n) - ((sy / n) * (sy / n));
        var matched = (kxx / k) - ((kx / k) * (kx / k)) + (kyy / k) - ((ky / k) * (ky / k));
        return overlap > 0 ? Math.Pow(Math.Clamp(matched / overlap, 0, 1), SpreadExponent / 2) : 1;
    }

    private const double SpreadExponent = 0.25;

    private const float Far = 1e9f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Closer(
        LocalStructure probe, LocalStructure candidate, Span<bool> pairedC, int turn, int i, int a, float d2, float bestD) =>
        d2 <= bestD && !pairedC[a]
        && Angles.Distance((byte)(candidate.Angle[a] + turn), probe.Angle[i]) <= Parameters.PairAngleTolerance;

    // Pressure turns endings into bifurcations and back, so a type mismatch only halves a pair's weight.
    private static double TypeAgreement(LocalStructure probe, LocalStructure candidate, Scratch s, int pairs)
    {
        if (pairs == 0)
        {
            return 0;
        }

        var same = 0;
        for (var k = 0; k < pairs; k++)
        {
            if (probe.Type[s.Order[k] >> 16] == candidate.Type[s.Order[k] & 0xFFFF])
            {
                same++;
            }
        }

        return 0.5 + (0.5 * same / pairs);
    }

    private static double Combine(int pairs, int support, int np, int nc, int consistent)
    {
        if (pairs < 2)
        {
            return 0;
        }

        // Support (edges confirmed twice) rewards structure, the consistent share punishes trees that only hold
        // together locally, and the paired fraction punishes small coincidences in large templates.
        var fraction = pairs / Math.Sqrt((double)Math.Max(np, 8) * Math.Max(nc, 8));
        return support * (double)consistent / pairs * Math.Sqrt(fraction);
    }

    private sealed class Scratch
    {
        // One cell more than the table: Vote's sink.
        public short[] Votes { get; private set; } = new short[(64 * 64) + 1];

        public bool[] Tried { get; private set; } = new bool[64 * 64];

        public int[] PairP { get; private set; } = new int[256];

        public int[] PairC { get; private set; } = new int[256];

        public int[] Order { get; } = new int[256];

        public bool[] Inlier { get; } = new bool[256];

        public int[] BestOrder { get; } = new int[256];

        public bool[] PairedP { get; private set; } = new bool[256];

        public bool[] PairedC { get; private set; } = new bool[256];

        public float[] TransformedX { get; private set; } = new float[256 + Vector512<float>.Count];

        public float[] TransformedY { get; private set; } = new float[256 + Vector512<float>.Count];

        public Alignment Fit { get; set; }

        public Alignment BestFit { get; set; }

        public (int Pairs, int Support, int Consistent, double Types) BestTree { get; set; }

        public PairHeap Heap { get; } = new(4096);

        public void Ensure(int np, int nc)
        {
            if (Votes.Length < (np * nc) + 1)
            {
                Votes = new short[(np * nc) + 1];
                Tried = new bool[np * nc];
            }

            if (PairP.Length < np)
            {
                PairP = new int[np];
            }

            if (PairC.Length < nc)
            {
                PairC = new int[nc];
            }

            if (PairedP.Length < np)
            {
                PairedP = new bool[np];
            }

            if (PairedC.Length < nc)
            {
                PairedC = new bool[nc];
                TransformedX = new float[nc + Vector512<float>.Count];
                TransformedY = new float[nc + Vector512<float>.Count];
            }
        }
    }
}

/// <summary>A rigid transform: candidate point minus its centre, turned, plus the probe's centre.</summary>
/// <summary>
/// A raw score, whether the ridge-flow agreement entered it (both prints have orientation grids that overlap under
/// the alignment), and whether the ridge-count agreement did too (both prints also carry ridge counts): each kind of
/// raw score has its own calibration.
/// </summary>
internal readonly record struct RawMatch(double Raw, bool RidgeFlow, bool RidgeCounts = false);

internal readonly record struct Alignment(double Pcx, double Pcy, double Ccx, double Ccy, double Sin, double Cos, int Turn);

/// <summary>Binary min-heap of candidate minutia pairs keyed by edge error; fixed capacity, no allocation.</summary>
internal sealed class PairHeap(int capacity)
{
    private readonly float[] _keys = new float[capacity];
    private readonly int[] _values = new int[capacity];
    private int _count;

    public void Clear() => _count = 0;

    public void Push(float key, int probe, int candidate)
    {
        if (_count == _keys.Length)
        {
            return;
        }

        var value = (probe << 16) | candidate;
        var at = _count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (_keys[parent] <= key)
            {
                break;
            }

            _keys[at] = _keys[parent];
            _values[at] = _values[parent];
            at = parent;
        }

        _keys[at] = key;
        _values[at] = value;
    }

    public bool TryPop(out int probe, out int candidate)
    {
        if (_count == 0)
        {
            probe = candidate = 0;
            return false;
        }

        var top = _values[0];
        probe = top >> 16;
        candidate = top & 0xFFFF;
        _count--;
        var key = _keys[_count];
        var value = _values[_count];
        var at = 0;
        while (true)
        {
            var child = (2 * at) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _keys[child + 1] < _keys[child])
            {
                child++;
            }

            if (_keys[child] >= key)
            {
                break;
            }

            _keys[at] = _keys[child];
            _values[at] = _values[child];
            at = child;
        }

        _keys[at] = key;
        _values[at] = value;
        return true;
    }
}

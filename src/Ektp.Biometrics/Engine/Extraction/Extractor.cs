namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>The extractor's output; <paramref name="Ridges"/> is the binarised image the minutiae were found on.</summary>
internal sealed record ExtractionResult(
    Minutia[] Minutiae, int Width, int Height, int Quality, BlockField Field, bool[] Ridges);

/// <summary>Image → minutiae: segmentation, orientation, enhancement, binarisation, thinning, skeleton rules.</summary>
internal static class Extractor
{
    public static ExtractionResult Extract(byte[] image, int width, int height)
    {
        var field = BlockField.Compute(image, width, height);
        var ridges = Binarizer.Binarize(image, width, height, field, out _);
        var skeleton = Thinning.Thin(ridges, width, height);
        var graph = SkeletonGraph.Build(skeleton, width, height);
        CleanGraph(graph);
        var minutiae = Detect(graph, field);
        minutiae = RemoveGapsAndClusters(minutiae);
        if (minutiae.Count > Parameters.MaxMinutiae)
        {
            minutiae.Sort((a, b) => b.Quality.CompareTo(a.Quality));
            minutiae.RemoveRange(Parameters.MaxMinutiae, minutiae.Count - Parameters.MaxMinutiae);
        }

        minutiae.Sort((a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
        var quality = QualityScore.Compute(field, minutiae.Count);
        return new ExtractionResult([.. minutiae], width, height, quality, field, ridges);
    }

    private static void CleanGraph(SkeletonGraph graph)
    {
        for (var round = 0; round < 2; round++)
        {
            foreach (var edge in graph.Edges)
            {
                if (edge.Removed)
                {
                    continue;
                }

                var da = graph.Nodes[edge.A].Edges.Count;
                var db = graph.Nodes[edge.B].Edges.Count;
                var spur = (da == 1 && db >= 3) || (db == 1 && da >= 3);
                if (spur && edge.Length < Parameters.MinSpurLength)
                {
                    graph.Remove(edge);
                }
                else if (da == 1 && db == 1 && edge.Length < Parameters.MinFragmentLength)
                {
                    graph.Remove(edge);
                    graph.Nodes[edge.A].Suppressed = true;
                    graph.Nodes[edge.B].Suppressed = true;
                }
            }
        }

        foreach (var edge in graph.Edges)
        {
            if (edge.Removed || edge.A == edge.B)
            {
                if (!edge.Removed)
                {
                    graph.Nodes[edge.A].Suppressed = true;
                }

                continue;
            }

            var a = graph.Nodes[edge.A];
            var b = graph.Nodes[edge.B];
            if (a.Edges.Count < 3 || b.Edges.Count < 3)
            {
                continue;
            }

            // A short rung between two ridges, or two paths between the same junctions (an unfilled pore).
            var parallel = 0;
            foreach (var other in a.Edges)
            {
                if ((other.A == edge.B || other.B == edge.B) && other.Length < 3 * Parameters.BridgeLength)
                {
                    parallel++;
                }
            }

            if (edge.Length < Parameters.BridgeLength || parallel >= 2)
            {
                a.Suppressed = true;
                b.Suppressed = true;
            }
        }
    }

    private static List<Minutia> Detect(SkeletonGraph graph, BlockField field)
    {
        var result = new List<Minutia>();
        var trace = Parameters.DirectionTraceLength;
        Span<byte> branches = stackalloc byte[3];
        for (var id = 1; id < graph.Nodes.Count; id++)
        {
            var node = graph.Nodes[id];
            if (node.Suppressed || !InsideMask(field, node.X, node.Y))
            {
                continue;
            }

            if (node.Edges.Count == 1)
            {
                var angle = graph.DirectionAlong(id, node.Edges[0], trace);
                result.Add(Make(field, node.X, node.Y, angle, MinutiaType.Ending));
            }
            else if (node.Edges.Count == 3)
            {
                for (var i = 0; i < 3; i++)
                {
                    branches[i] = graph.DirectionAlong(id, node.Edges[i], trace);
                }

                // The two branches closest in angle are the fork; the bifurcation points between them.
                var best = int.MaxValue;
                byte direction = 0;
                for (var i = 0; i < 3; i++)
                {
                    var j = (i + 1) % 3;
                    var d = Angles.Distance(branches[i], branches[j]);
                    if (d < best)
                    {
                        best = d;
                        var diff = (sbyte)(byte)(branches[j] - branches[i]);
                        direction = (byte)(branches[i] + (diff / 2));
                    }
                }

                result.Add(Make(field, node.X, node.Y, direction, MinutiaType.Bifurcation));
            }
        }

        return result;
    }

    private static bool InsideMask(BlockField field, int x, int y)
    {
        var E = Parameters.MaskBorderErosionPixels;
        var D = E * 7 / 10;
        return field.InMask(x, y) && field.InMask(x - E, y) && field.InMask(x + E, y)
            && field.InMask(x, y - E) && field.InMask(x, y + E) && field.InMask(x - D, y - D)
            && field.InMask(x + D, y - D) && field.InMask(x - D, y + D) && field.InMask(x + D, y + D);
    }

    // The skeleton's few pixels give a noisy direction (a 12-pixel trace quantised to the pixel grid, bent by the
    // fork itself); the smoothed orientation field gives the ridge's axis far more steadily. The traced direction
    // only chooses which way along that axis the minutia points.
    private static byte Refine(BlockField field, int x, int y, byte traced)
    {
        const int B = Parameters.BlockSize;
        var fy = ((y + 0.5) / B) - 0.5;
        var fx = ((x + 0.5) / B) - 0.5;
        var y0 = Math.Clamp((int)Math.Floor(fy), 0, field.Rows - 1);
        var y1 = Math.Min(y0 + 1, field.Rows - 1);
        var x0 = Math.Clamp((int)Math.Floor(fx), 0, field.Columns - 1);
        var x1 = Math.Min(x0 + 1, field.Columns - 1);
        var wy = Math.Clamp(fy - y0, 0, 1);
        var wx = Math.Clamp(fx - x0, 0, 1);
        int a = (y0 * field.Columns) + x0, b = (y0 * field.Columns) + x1, c = (y1 * field.Columns) + x0, d = (y1 * field.Columns) + x1;
        var cos = ((1 - wy) * (((1 - wx) * field.Cos2[a]) + (wx * field.Cos2[b]))) + (wy * (((1 - wx) * field.Cos2[c]) + (wx * field.Cos2[d])));
        var sin = ((1 - wy) * (((1 - wx) * field.Sin2[a]) + (wx * field.Sin2[b]))) + (wy * (((1 - wx) * field.Sin2[c]) + (wx * field.Sin2[d])));
        var axis = Angles.FromRadians(Math.Atan2(sin, cos) / 2);
        var flipped = (byte)(axis + 128);
        return Angles.Distance(axis, traced) <= Angles.Distance(flipped, traced) ? axis : flipped;
    }

    private static Minutia Make(BlockField field, int x, int y, byte angle, MinutiaType type)
    {
        angle = Refine(field, x, y, angle);
        var b = ((y / Parameters.BlockSize) * field.Columns) + (x / Parameters.BlockSize);
        var coherence = Math.Clamp(field.Coherence[b] / 0.7, 0, 1);
        var contrast = Math.Clamp(field.Contrast[b] / field.ContrastReference, 0, 1);
        var quality = (byte)Math.Round(100 * coherence * Math.Sqrt(contrast));
        return new Minutia((short)x, (short)y, angle, type, Math.Max((byte)1, quality));
    }

    // Two endings facing each other across a short gap are one broken ridge; tight clusters are noise.
    private static List<Minutia> RemoveGapsAndClusters(List<Minutia> minutiae)
    {
        var drop = new bool[minutiae.Count];
        for (var i = 0; i < minutiae.Count; i++)
        {
            for (var j = i + 1; j < minutiae.Count; j++)
            {
                var a = minutiae[i];
                var b = minutiae[j];
                var dx = b.X - a.X;
                var dy = b.Y - a.Y;
                var d2 = (dx * dx) + (dy * dy);
                if (d2 < Parameters.MinMinutiaSpacing * Parameters.MinMinutiaSpacing)
                {
                    drop[i] = drop[j] = true;
                    continue;
                }

                if (a.Type != MinutiaType.Ending || b.Type != MinutiaType.Ending
                    || d2 > Parameters.GapDistance * Parameters.GapDistance)
                {
                    continue;
                }

                var facing = Angles.Distance(a.Angle, b.Angle + 128) < 40;
                var towards = Angles.Distance(Angles.FromVector(dx, dy), a.Angle + 128) < 48;
                if (facing && towards)
                {
                    drop[i] = drop[j] = true;
                }
            }
        }

        var kept = new List<Minutia>(minutiae.Count);
        for (var i = 0; i < minutiae.Count; i++)
        {
            if (!drop[i])
            {
                kept.Add(minutiae[i]);
            }
        }

        return kept;
    }
}

using System.Runtime.InteropServices;
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
        var edges = new List<NeighbourEdge>(n * Parameters.Neighbours);
        for (var i = 0; i < n; i++)
        {
            X[i] = minutiae[i].X;
            Y[i] = minutiae[i].Y;
            Angle[i] = minutiae[i].Angle;
            Type[i] = (byte)minutiae[i].Type;
        }

        const int MaxLength2 = Parameters.MaxEdgeLength * Parameters.MaxEdgeLength;
        const int K = Parameters.Neighbours;
        Span<int> nearest = stackalloc int[K];
        Span<int> nearestDistance = stackalloc int[K];
        for (var i = 0; i < n; i++)
        {
            EdgeStart[i] = edges.Count;
            var m = 0;

            // Insertion into a short sorted list: only the K nearest are kept, so no full sort is needed.
            for (var j = 0; j < n; j++)
            {
                var dx = X[j] - X[i];
                var dy = Y[j] - Y[i];
                var d2 = (dx * dx) + (dy * dy);
                if (j == i || d2 > MaxLength2 || (m == K && d2 >= nearestDistance[K - 1]))
                {
                    continue;
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
            }

            for (var k = 0; k < m; k++)
            {
                var j = nearest[k];
                var dx = X[j] - X[i];
                var dy = Y[j] - Y[i];
                var length = (short)Math.Round(Math.Sqrt(nearestDistance[k]));
                var direction = Angles.FromVector(dx, dy);
                edges.Add(new NeighbourEdge(
                    (byte)j, (byte)(direction - Angle[i]), (byte)(Angle[j] - Angle[i]), length));
            }
        }

        EdgeStart[n] = edges.Count;
        Edges = [.. edges];
        ulong hash = 14695981039346656037;
        for (var i = 0; i < n; i++)
        {
            hash = (hash ^ (ulong)((X[i] << 20) ^ (Y[i] << 8) ^ Angle[i])) * 1099511628211;
        }

        Fingerprint = hash;
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
}

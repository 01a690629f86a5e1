namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// The ridge skeleton as a graph: nodes are endings (one neighbour) and clusters of junction pixels (three or
/// more); edges are the ridge paths between them. Clean-up rules work on this graph, as in SourceAFIS.
/// </summary>
internal sealed class SkeletonGraph
{
    private static readonly int[] Dx = [0, 1, 1, 1, 0, -1, -1, -1];
    private static readonly int[] Dy = [-1, -1, 0, 1, 1, 1, 0, -1];

    private SkeletonGraph(int width) => Width = width;

    public int Width { get; }

    public List<Node> Nodes { get; } = [];

    public List<Edge> Edges { get; } = [];

    public static SkeletonGraph Build(bool[] skeleton, int width, int height)
    {
        var graph = new SkeletonGraph(width);
        var count = new byte[skeleton.Length];
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var p = (y * width) + x;
                if (skeleton[p])
                {
                    count[p] = (byte)System.Numerics.BitOperations.PopCount(
                        (uint)Thinning.Neighbourhood(skeleton, width, p));
                }
            }
        }

        var isNode = new bool[skeleton.Length];
        for (var p = 0; p < skeleton.Length; p++)
        {
            isNode[p] = skeleton[p] && count[p] != 2 && count[p] != 0;
        }

        var labels = Components.Label(isNode, width, height, true, out var sizes);
        var sx = new double[sizes.Count];
        var sy = new double[sizes.Count];
        for (var p = 0; p < skeleton.Length; p++)
        {
            if (labels[p] > 0)
            {
                sx[labels[p]] += p % width;
                sy[labels[p]] += p / width;
            }
        }

        graph.Nodes.Add(new Node(0, 0));
        for (var i = 1; i < sizes.Count; i++)
        {
            graph.Nodes.Add(new Node((int)Math.Round(sx[i] / sizes[i]), (int)Math.Round(sy[i] / sizes[i])));
        }

        var visited = new bool[skeleton.Length];
        var path = new List<int>();
        for (var q = 0; q < skeleton.Length; q++)
        {
            if (labels[q] == 0)
            {
                continue;
            }

            for (var i = 0; i < 8; i++)
            {
                var r = q + (Dy[i] * width) + Dx[i];
                if (!skeleton[r] || labels[r] == labels[q])
                {
                    continue;
                }

                if (labels[r] > 0)
                {
                    if (labels[q] < labels[r])
                    {
                        graph.AddEdge(labels[q], labels[r], []);
                    }

                    continue;
                }

                if (visited[r])
                {
                    continue;
                }

                path.Clear();
                var prev = q;
                var cur = r;
                var end = 0;
                while (true)
                {
                    visited[cur] = true;
                    path.Add(cur);
                    var next = -1;
                    for (var k = 0; k < 8; k++)
                    {
                        var s = cur + (Dy[k] * width) + Dx[k];
                        if (skeleton[s] && s != prev)
                        {
                            next = s;
                            break;
                        }
                    }

                    if (next < 0 || (labels[next] == 0 && visited[next]))
                    {
                        break;
                    }

                    if (labels[next] > 0)
                    {
                        end = labels[next];
                        break;
                    }

                    prev = cur;
                    cur = next;
                }

                if (end > 0)
                {
                    graph.AddEdge(labels[q], end, [.. path]);
                }
            }
        }

        return graph;
    }

    private void AddEdge(int a, int b, int[] path)
    {
        var edge = new Edge(a, b, path);
        Edges.Add(edge);
        Nodes[a].Edges.Add(edge);
        Nodes[b].Edges.Add(edge);
    }

    public void Remove(Edge edge)
    {
        edge.Removed = true;
        Nodes[edge.A].Edges.Remove(edge);
        Nodes[edge.B].Edges.Remove(edge);
    }

    /// <summary>Direction from a node along one of its edges, looking <paramref name="distance"/> pixels ahead.</summary>
    public byte DirectionAlong(int node, Edge edge, int distance)
    {
        var n = Nodes[node];
        int tx, ty;
        if (edge.Path.Length == 0)
        {
            var other = Nodes[edge.A == node ? edge.B : edge.A];
            tx = other.X;
            ty = other.Y;
        }
        else
        {
            var index = Math.Min(distance, edge.Path.Length) - 1;
            var p = edge.A == node ? edge.Path[index] : edge.Path[edge.Path.Length - 1 - index];
            tx = p % Width;
            ty = p / Width;
        }

        return Angles.FromVector(tx - n.X, ty - n.Y);
    }

    internal sealed class Node(int x, int y)
    {
        public int X { get; } = x;

        public int Y { get; } = y;

        public List<Edge> Edges { get; } = [];

        public bool Suppressed { get; set; }
    }

    internal sealed class Edge(int a, int b, int[] path)
    {
        public int A { get; } = a;

        public int B { get; } = b;

        public int[] Path { get; } = path;

        public int Length => Path.Length + 1;

        public bool Removed { get; set; }
    }
}

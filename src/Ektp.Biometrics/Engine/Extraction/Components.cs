namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Connected-component labelling with an explicit stack (no recursion, so no stack overflow). Components are
/// numbered in the raster order of their first pixel.
/// </summary>
internal static class Components
{
    public static int[] Label(bool[] set, int width, int height, bool eightConnected, out List<int> sizes)
    {
        var labels = new int[set.Length];
        sizes = [0];
        var stack = new int[256];

        // p / width by multiplication (Lemire's fast division), exact for every index of the image.
        var divisor = ulong.MaxValue / (uint)width + 1;
        for (var start = 0; start < set.Length; start++)
        {
            if (!set[start] || labels[start] != 0)
            {
                continue;
            }

            var label = sizes.Count;
            var size = 0;
            var top = 0;
            labels[start] = label;
            stack[top++] = start;
            while (top > 0)
            {
                var p = stack[--top];
                size++;
                var py = (int)Math.BigMul(divisor, (ulong)p, out _);
                var px = p - (py * width);
                bool left = px > 0, right = px < width - 1, up = py > 0, down = py < height - 1;

                // Every pixel is pushed at most once, so the stack never needs more than the image's size.
                if (top + 8 > stack.Length)
                {
                    Array.Resize(ref stack, Math.Min(set.Length + 8, stack.Length * 2));
                }

                if (left)
                {
                    Visit(p - 1);
                }

                if (right)
                {
                    Visit(p + 1);
                }

                if (up)
                {
                    Visit(p - width);
                }

                if (down)
                {
                    Visit(p + width);
                }

                if (eightConnected)
                {
                    if (up && left)
                    {
                        Visit(p - width - 1);
                    }

                    if (up && right)
                    {
                        Visit(p - width + 1);
                    }

                    if (down && left)
                    {
                        Visit(p + width - 1);
                    }

                    if (down && right)
                    {
                        Visit(p + width + 1);
                    }
                }
            }

            sizes.Add(size);

            void Visit(int q)
            {
                if (set[q] && labels[q] == 0)
                {
                    labels[q] = label;
                    stack[top++] = q;
                }
            }
        }

        return labels;
    }

    /// <summary>
    /// Sets <paramref name="target"/> to <paramref name="value"/> on every pixel of a component of
    /// <paramref name="set"/> smaller than <paramref name="minSize"/> pixels. Works on runs of pixels joined with
    /// union-find (one read per pixel), which is much cheaper than a flood fill when only sizes matter.
    /// </summary>
    public static void FillSmall(
        bool[] set, int width, int height, bool eightConnected, int minSize, bool[] target, bool value)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        var parent = new List<int>();
        var size = new List<int>();
        int previousFirst = 0, previousCount = 0;
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var first = starts.Count;
            for (var x = 0; x < width;)
            {
                if (!set[row + x])
                {
                    x++;
                    continue;
                }

                var s = x;
                while (x < width && set[row + x])
                {
                    x++;
                }

                var id = starts.Count;
                starts.Add(row + s);
                ends.Add(row + x - 1);
                parent.Add(id);
                size.Add(x - s);

                // Join every run of the row above that touches this one (diagonally too when 8-connected).
                var reach = eightConnected ? 1 : 0;
                for (var k = previousFirst; k < previousFirst + previousCount; k++)
                {
                    var ps = starts[k] - row + width;
                    var pe = ends[k] - row + width;
                    if (pe < s - reach)
                    {
                        continue;
                    }

                    if (ps > x - 1 + reach)
                    {
                        break;
                    }

                    Union(parent, size, id, k);
                }
            }

            previousFirst = first;
            previousCount = starts.Count - first;
        }

        for (var k = 0; k < starts.Count; k++)
        {
            if (size[Find(parent, k)] < minSize)
            {
                for (var p = starts[k]; p <= ends[k]; p++)
                {
                    target[p] = value;
                }
            }
        }
    }

    private static int Find(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(List<int> parent, List<int> size, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a == b)
        {
            return;
        }

        if (size[a] < size[b])
        {
            (a, b) = (b, a);
        }

        parent[b] = a;
        size[a] += size[b];
    }
}

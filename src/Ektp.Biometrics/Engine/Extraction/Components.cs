namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>Connected-component labelling with an explicit stack (no recursion, so no stack overflow).</summary>
internal static class Components
{
    public static int[] Label(bool[] set, int width, int height, bool eightConnected, out List<int> sizes)
    {
        var labels = new int[set.Length];
        sizes = [0];
        var stack = new Stack<int>();
        for (var start = 0; start < set.Length; start++)
        {
            if (!set[start] || labels[start] != 0)
            {
                continue;
            }

            var label = sizes.Count;
            var size = 0;
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                size++;
                var px = p % width;
                var py = p / width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if ((dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0))
                        {
                            continue;
                        }

                        var x = px + dx;
                        var y = py + dy;
                        if (x < 0 || y < 0 || x >= width || y >= height)
                        {
                            continue;
                        }

                        var q = (y * width) + x;
                        if (set[q] && labels[q] == 0)
                        {
                            labels[q] = label;
                            stack.Push(q);
                        }
                    }
                }
            }

            sizes.Add(size);
        }

        return labels;
    }
}

namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>Zhang–Suen thinning followed by removal of staircase corners, so every skeleton pixel of a
/// plain ridge has exactly two neighbours.</summary>
internal static class Thinning
{
    // Neighbour bits clockwise from north: N, NE, E, SE, S, SW, W, NW.
    private static readonly bool[] FirstPass = Table(true);
    private static readonly bool[] SecondPass = Table(false);

    public static bool[] Thin(bool[] binary, int width, int height)
    {
        var image = (bool[])binary.Clone();
        for (var x = 0; x < width; x++)
        {
            image[x] = false;
            image[((height - 1) * width) + x] = false;
        }

        for (var y = 0; y < height; y++)
        {
            image[y * width] = false;
            image[(y * width) + width - 1] = false;
        }

        // Only pixels still set can be removed, so each pass visits the current foreground (in raster order, which
        // the deferred removal makes irrelevant anyway) instead of the whole image.
        var foreground = new List<int>();
        for (var p = 0; p < image.Length; p++)
        {
            if (image[p])
            {
                foreground.Add(p);
            }
        }

        var remove = new List<int>();
        bool changed;
        do
        {
            changed = Pass(image, width, FirstPass, foreground, remove);
            changed |= Pass(image, width, SecondPass, foreground, remove);
            foreground.RemoveAll(p => !image[p]);
        }
        while (changed);

        RemoveCorners(image, width, foreground);
        return image;
    }

    public static int Neighbourhood(bool[] image, int width, int p)
    {
        var code = 0;
        code |= image[p - width] ? 1 : 0;
        code |= image[p - width + 1] ? 2 : 0;
        code |= image[p + 1] ? 4 : 0;
        code |= image[p + width + 1] ? 8 : 0;
        code |= image[p + width] ? 16 : 0;
        code |= image[p + width - 1] ? 32 : 0;
        code |= image[p - 1] ? 64 : 0;
        code |= image[p - width - 1] ? 128 : 0;
        return code;
    }

    private static bool Pass(bool[] image, int width, bool[] table, List<int> foreground, List<int> remove)
    {
        remove.Clear();
        foreach (var p in foreground)
        {
            // With all four 4-neighbours set a pixel is interior for either pass's table: skip the full lookup.
            if (image[p] && !(image[p - width] && image[p + 1] && image[p + width] && image[p - 1])
                && table[Neighbourhood(image, width, p)])
            {
                remove.Add(p);
            }
        }

        foreach (var p in remove)
        {
            image[p] = false;
        }

        return remove.Count > 0;
    }

    private static bool[] Table(bool first)
    {
        var table = new bool[256];
        for (var code = 0; code < 256; code++)
        {
            bool Bit(int i) => (code & (1 << i)) != 0;
            var count = System.Numerics.BitOperations.PopCount((uint)code);
            var transitions = 0;
            for (var i = 0; i < 8; i++)
            {
                if (!Bit(i) && Bit((i + 1) % 8))
                {
                    transitions++;
                }
            }

            // P2=N(0), P4=E(2), P6=S(4), P8=W(6).
            var c = first
                ? !(Bit(0) && Bit(2) && Bit(4)) && !(Bit(2) && Bit(4) && Bit(6))
                : !(Bit(0) && Bit(2) && Bit(6)) && !(Bit(0) && Bit(4) && Bit(6));
            table[code] = count >= 2 && count <= 6 && transitions == 1 && c;
        }

        return table;
    }

    private static void RemoveCorners(bool[] image, int width, List<int> foreground)
    {
        foreach (var p in foreground)
        {
            if (!image[p])
            {
                continue;
            }

            var code = Neighbourhood(image, width, p);
            // Exactly two 4-neighbours at a right angle, nothing else: the diagonal already connects them.
            if (code is 0b0000_0101 or 0b0001_0100 or 0b0101_0000 or 0b0100_0001)
            {
                image[p] = false;
            }
        }
    }
}

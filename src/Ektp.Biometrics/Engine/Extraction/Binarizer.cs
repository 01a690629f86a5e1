namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Enhancement and binarisation with oriented line filters: average along the ridge (suppresses pores, scars and
/// noise), then compare with the mean across one ridge period (removes uneven pressure and illumination). This is
/// a cheap band-pass in the spirit of a Gabor bank, without needing a ridge frequency estimate.
/// </summary>
internal static class Binarizer
{
    private const int Steps = Parameters.DirectionSteps;

    public static bool[] Binarize(byte[] image, int width, int height, BlockField field, out bool[] pixelMask)
    {
        var margin = Math.Max(Parameters.ParallelRadius, Parameters.OrthogonalRadius + 1) + 1;
        var need = Needed(field, width, height);
        var direction = PixelDirections(field, width, height, need);
        pixelMask = new bool[width * height];
        for (var y = margin; y < height - margin; y++)
        {
            for (var x = margin; x < width - margin; x++)
            {
                pixelMask[(y * width) + x] = field.InMask(x, y);
            }
        }

        var along = Offsets(width, Parameters.ParallelRadius, 0);
        var across = Offsets(width, Parameters.OrthogonalRadius, Steps / 2);
        var near = Offsets(width, 1, Steps / 2);
        var parallel = new float[width * height];
        for (var y = margin; y < height - margin; y++)
        {
            for (var x = margin; x < width - margin; x++)
            {
                var p = (y * width) + x;
                if (!need[p])
                {
                    continue;
                }

                var offsets = along[direction[p]];
                var s = 0;
                foreach (var o in offsets)
                {
                    s += image[p + o];
                }

                parallel[p] = s;
            }
        }

        var ridge = new bool[width * height];
        for (var p = 0; p < ridge.Length; p++)
        {
            if (!pixelMask[p])
            {
                continue;
            }

            var d = direction[p];
            var n = near[d];
            var local = (parallel[p + n[0]] + (2 * parallel[p + n[1]]) + parallel[p + n[2]]) / 4;
            float mean = 0;
            foreach (var o in across[d])
            {
                mean += parallel[p + o];
            }

            ridge[p] = local * across[d].Length < mean;
        }

        Clean(ridge, pixelMask, width, height);
        return ridge;
    }

    // The pixels the filters read: in the mask or within reach of the across-ridge filter.
    private static bool[] Needed(BlockField field, int width, int height)
    {
        var need = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                need[(y * width) + x] = field.InMask(x, y) || NearMask(field, x, y);
            }
        }

        return need;
    }

    private static bool NearMask(BlockField field, int x, int y)
    {
        var R = Parameters.OrthogonalRadius + 1;
        return field.InMask(x - R, y) || field.InMask(x + R, y) || field.InMask(x, y - R) || field.InMask(x, y + R);
    }

    // Per-pixel ridge orientation, bilinearly interpolated between block centres, quantised to Steps over 180°;
    // pixels far from the mask keep 0, nothing reads them. Between two block centres the interpolated (cos 2θ,
    // sin 2θ) moves along a straight line, so its angle moves monotonically through less than half a turn: when
    // both ends of such a run fall in the same step, every pixel between does too, and one arctangent per end
    // replaces one per pixel.
    private static byte[] PixelDirections(BlockField f, int width, int height, bool[] need)
    {
        const int B = Parameters.BlockSize;
        var result = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var fy = ((y + 0.5) / B) - 0.5;
            var y0 = Math.Clamp((int)Math.Floor(fy), 0, f.Rows - 1);
            var y1 = Math.Min(y0 + 1, f.Rows - 1);
            var wy = Math.Clamp(fy - y0, 0, 1);
            var row = y * width;
            for (var start = 0; start < width;)
            {
                // Pixels [start, end] lie between the same two block centres (or beyond the first or last one).
                var end = start < B / 2 ? (B / 2) - 1 : start + B - 1;
                end = Math.Min(end, width - 1);
                var needed = false;
                for (var x = start; x <= end && !needed; x++)
                {
                    needed = need[row + x];
                }

                if (needed)
                {
                    var first = Direction(f, x: start, y0, y1, wy);
                    var same = first == Direction(f, x: end, y0, y1, wy);
                    for (var x = start; x <= end; x++)
                    {
                        if (need[row + x])
                        {
                            result[row + x] = same ? first : Direction(f, x, y0, y1, wy);
                        }
                    }
                }

                start = end + 1;
            }
        }

        return result;
    }

    private static byte Direction(BlockField f, int x, int y0, int y1, double wy)
    {
        const int B = Parameters.BlockSize;
        var fx = ((x + 0.5) / B) - 0.5;
        var x0 = Math.Clamp((int)Math.Floor(fx), 0, f.Columns - 1);
        var x1 = Math.Min(x0 + 1, f.Columns - 1);
        var wx = Math.Clamp(fx - x0, 0, 1);
        int a = (y0 * f.Columns) + x0, b = (y0 * f.Columns) + x1;
        int c = (y1 * f.Columns) + x0, d = (y1 * f.Columns) + x1;
        var cos = ((1 - wy) * (((1 - wx) * f.Cos2[a]) + (wx * f.Cos2[b])))
            + (wy * (((1 - wx) * f.Cos2[c]) + (wx * f.Cos2[d])));
        var sin = ((1 - wy) * (((1 - wx) * f.Sin2[a]) + (wx * f.Sin2[b])))
            + (wy * (((1 - wx) * f.Sin2[c]) + (wx * f.Sin2[d])));
        var angle = Math.Atan2(sin, cos) / 2;
        if (angle < 0)
        {
            angle += Math.PI;
        }

        return (byte)((int)Math.Round(angle / Math.PI * Steps) % Steps);
    }

    private static int[][] Offsets(int width, int radius, int rotate)
    {
        var table = new int[Steps][];
        for (var k = 0; k < Steps; k++)
        {
            var angle = ((k + rotate) % Steps) * Math.PI / Steps;
            var (sin, cos) = Math.SinCos(angle);
            var list = new int[(2 * radius) + 1];
            for (var t = -radius; t <= radius; t++)
            {
                list[t + radius] = ((int)Math.Round(t * sin) * width) + (int)Math.Round(t * cos);
            }

            table[k] = list;
        }

        return table;
    }

    // Specks of ridge and pores in ridges below a few dozen pixels are noise, not structure.
    private static void Clean(bool[] ridge, bool[] mask, int width, int height)
    {
        Components.FillSmall(ridge, width, height, true, Parameters.MinComponentPixels, ridge, false);
        var valley = new bool[ridge.Length];
        for (var p = 0; p < ridge.Length; p++)
        {
            valley[p] = mask[p] && !ridge[p];
        }

        Components.FillSmall(valley, width, height, false, Parameters.MinComponentPixels, ridge, true);
    }
}

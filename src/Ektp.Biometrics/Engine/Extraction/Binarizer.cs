using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Enhancement and binarisation with oriented line filters: average along the ridge (suppresses pores, scars and
/// noise), then compare with the mean across one ridge period (removes uneven pressure and illumination). This is
/// a cheap band-pass in the spirit of a Gabor bank, without needing a ridge frequency estimate.
/// </summary>
internal static class Binarizer
{
    private const int Steps = Parameters.DirectionSteps;

    /// <summary>
    /// False makes the line filters take their scalar loops, as on hardware without vector support; for tests that
    /// prove both give the same ridges. Both are exact, so flipping it while other threads extract changes nothing.
    /// </summary>
    internal static bool Vectorised { get; set; } = true;

    public static bool[] Binarize(byte[] image, int width, int height, BlockField field, out bool[] pixelMask)
    {
        var margin = Math.Max(Parameters.ParallelRadius, Parameters.OrthogonalRadius + 1) + 1;
        var inMask = PixelMask(field, width, height);
        var need = Needed(inMask, width, height);
        var direction = PixelDirections(field, width, height, need);
        pixelMask = new bool[width * height];
        if (width > 2 * margin)
        {
            for (var y = margin; y < height - margin; y++)
            {
                Array.Copy(inMask, (y * width) + margin, pixelMask, (y * width) + margin, width - (2 * margin));
            }
        }

        var along = Offsets(width, Parameters.ParallelRadius, 0);
        var across = Offsets(width, Parameters.OrthogonalRadius, Steps / 2);
        var near = Offsets(width, 1, Steps / 2);

        // Sums of at most 15 grey levels (3,825) fit 16 bits. Only the needed pixels get one; the rest stay 0, and
        // the across-ridge filter reads them as 0.
        var parallel = new ushort[width * height];
        ForEachRun(
            need, direction, width, height, margin,
            (p, count) => SumAlong(image, parallel, along[direction[p]], p, count));

        // A pixel is ridge when the line average through it (weights 1-2-1 across the ridge) is darker than the mean
        // of the line averages across one ridge period: (a + 2b + c) / 4 · n < Σ, compared in integers (the sums are
        // whole numbers far below 2^24, so this is exactly the comparison in floating point it replaced).
        var ridge = new bool[width * height];
        ForEachRun(
            pixelMask, direction, width, height, margin,
            (p, count) => Decide(parallel, ridge, near[direction[p]], across[direction[p]], p, count));

        Clean(ridge, pixelMask, width, height);
        return ridge;
    }

    // Calls visit(p, count) for every run of count flagged pixels from p on that share p's direction, row by row
    // inside the margin.
    private static void ForEachRun(
        bool[] flag, byte[] direction, int width, int height, int margin, Action<int, int> visit)
    {
        for (var y = margin; y < height - margin; y++)
        {
            var row = y * width;
            for (var x = margin; x < width - margin;)
            {
                var p = row + x;
                if (!flag[p])
                {
                    x++;
                    continue;
                }

                var d = direction[p];
                var end = x + 1;
                while (end < width - margin && flag[row + end] && direction[row + end] == d)
                {
                    end++;
                }

                visit(p, end - x);
                x = end;
            }
        }
    }

    // parallel[p + i] = Σ image[p + i + o] over the line's offsets, for i in [0, count): sixteen pixels at a time.
    // Every load stays inside the run's own pixels shifted by an offset, so inside the image.
    private static void SumAlong(byte[] image, ushort[] parallel, int[] offsets, int p, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vectorised)
        {
            ref var pixels = ref MemoryMarshal.GetArrayDataReference(image);
            ref var sums = ref MemoryMarshal.GetArrayDataReference(parallel);
            for (; i + Vector128<byte>.Count <= count; i += Vector128<byte>.Count)
            {
                var sum = Vector256<ushort>.Zero;
                foreach (var o in offsets)
                {
                    var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref pixels, (nuint)(p + i + o)));
                    sum += Vector256.Create(lower, upper);
                }

                sum.StoreUnsafe(ref sums, (nuint)(p + i));
            }
        }

        for (; i < count; i++)
        {
            var s = 0;
            foreach (var o in offsets)
            {
                s += image[p + i + o];
            }

            parallel[p + i] = (ushort)s;
        }
    }

    private static void Decide(ushort[] parallel, bool[] ridge, int[] near, int[] across, int p, int count)
    {
        var n = (uint)across.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vectorised)
        {
            ref var sums = ref MemoryMarshal.GetArrayDataReference(parallel);
            ref var result = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetArrayDataReference(ridge));
            for (; i + Vector256<ushort>.Count <= count; i += Vector256<ushort>.Count)
            {
                var q = p + i;
                var (a0, a1) = Vector256.Widen(Vector256.LoadUnsafe(ref sums, (nuint)(q + near[0])));
                var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref sums, (nuint)(q + near[1])));
                var (c0, c1) = Vector256.Widen(Vector256.LoadUnsafe(ref sums, (nuint)(q + near[2])));
                var local0 = (a0 + b0 + b0 + c0) * n;
                var local1 = (a1 + b1 + b1 + c1) * n;
                Vector256<uint> mean0 = Vector256<uint>.Zero, mean1 = Vector256<uint>.Zero;
                foreach (var o in across)
                {
                    var (m0, m1) = Vector256.Widen(Vector256.LoadUnsafe(ref sums, (nuint)(q + o)));
                    mean0 += m0;
                    mean1 += m1;
                }

                var dark = Vector256.Narrow(
                    Vector256.LessThan(local0, mean0 * 4), Vector256.LessThan(local1, mean1 * 4));
                var bytes = Vector128.Narrow(dark.GetLower(), dark.GetUpper()) & Vector128.Create((byte)1);
                bytes.StoreUnsafe(ref result, (nuint)q);
            }
        }

        for (; i < count; i++)
        {
            var q = p + i;
            var local = (uint)(parallel[q + near[0]] + (2 * parallel[q + near[1]]) + parallel[q + near[2]]) * n;
            uint mean = 0;
            foreach (var o in across)
            {
                mean += parallel[q + o];
            }

            ridge[q] = local < mean * 4;
        }
    }

    // InMask of every pixel, one block at a time.
    private static bool[] PixelMask(BlockField field, int width, int height)
    {
        const int B = Parameters.BlockSize;
        var result = new bool[width * height];
        int w = Math.Min(width, field.Width), h = Math.Min(height, field.Height);
        for (var y = 0; y < h; y++)
        {
            var blocks = (y / B) * field.Columns;
            var row = y * width;
            for (var x0 = 0; x0 < w; x0 += B)
            {
                if (field.Mask[blocks + (x0 / B)])
                {
                    result.AsSpan(row + x0, Math.Min(B, w - x0)).Fill(true);
                }
            }
        }

        return result;
    }

    // The pixels the filters read: in the mask or within reach of the across-ridge filter.
    private static bool[] Needed(bool[] inMask, int width, int height)
    {
        const int R = Parameters.OrthogonalRadius + 1;
        var need = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var p = row + x;
                need[p] = inMask[p] || (x >= R && inMask[p - R]) || (x + R < width && inMask[p + R])
                    || (y >= R && inMask[p - (R * width)]) || (y + R < height && inMask[p + (R * width)]);
            }
        }

        return need;
    }

    // Per-pixel ridge orientation, bilinearly interpolated between block centres, quantised to Steps over 180°;
    // pixels far from the mask keep 0, nothing reads them. Between two block centres the interpolated (cos 2θ,
    // sin 2θ) moves along a straight line, so its angle moves monotonically through less than half a turn: when
    // both ends of such a run (or of any part of it) fall in the same step, every pixel between does too, so a run
    // takes two directions when its ends agree and is halved until its parts' ends agree when they do not.
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
                    var first = Direction(f, start, y0, y1, wy);
                    Fill(f, need, result, row, y0, y1, wy, start, first, end, Direction(f, end, y0, y1, wy));
                }

                start = end + 1;
            }
        }

        return result;
    }

    // Pixels [start, end] of a row whose end steps are known: one step for all when the ends agree, else the run is
    // halved at a pixel whose step is computed, down to single pixels.
    private static void Fill(
        BlockField f, bool[] need, byte[] result, int row, int y0, int y1, double wy,
        int start, byte first, int end, byte last)
    {
        if (first == last)
        {
            for (var x = start; x <= end; x++)
            {
                if (need[row + x])
                {
                    result[row + x] = first;
                }
            }

            return;
        }

        if (end - start <= 1)
        {
            if (need[row + start])
            {
                result[row + start] = first;
            }

            if (need[row + end])
            {
                result[row + end] = last;
            }

            return;
        }

        var middle = (start + end) / 2;
        var step = Direction(f, middle, y0, y1, wy);
        Fill(f, need, result, row, y0, y1, wy, start, first, middle, step);
        Fill(f, need, result, row, y0, y1, wy, middle, step, end, last);
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
        return Quantise(sin, cos);
    }

    /// <summary>
    /// The direction step of the doubled-angle vector (cos 2θ, sin 2θ): θ = atan2(sin, cos) / 2 in [0, π), rounded to
    /// one of Steps. Exactly what <see cref="QuantiseExactly"/> gives, about four times faster: the arctangent comes
    /// from a polynomial (Abramowitz and Stegun 4.4.47, error at most 1e-5 rad, 5e-5 of a step), and only an angle
    /// within a thousandth of a step of a rounding boundary, or a vector too short to have one, takes Math.Atan2.
    /// </summary>
    internal static byte Quantise(double sin, double cos)
    {
        double ax = Math.Abs(cos), ay = Math.Abs(sin);
        var longer = Math.Max(ax, ay);
        if (!(longer > 1e-9))
        {
            return QuantiseExactly(sin, cos);
        }

        var z = Math.Min(ax, ay) / longer;
        var z2 = z * z;
        var a = z * (0.9998660 + (z2 * (-0.3302995 + (z2 * (0.1801410 + (z2 * (-0.0851330 + (z2 * 0.0208351))))))));
        if (ay > ax)
        {
            a = (Math.PI / 2) - a;
        }

        if (cos < 0)
        {
            a = Math.PI - a;
        }

        if (sin < 0)
        {
            a = -a;
        }

        var angle = a / 2;
        if (angle < 0)
        {
            angle += Math.PI;
        }

        var step = angle / Math.PI * Steps;
        return Math.Abs(step - Math.Floor(step) - 0.5) >= 1e-3
            ? (byte)((int)Math.Round(step) % Steps)
            : QuantiseExactly(sin, cos);
    }

    internal static byte QuantiseExactly(double sin, double cos)
    {
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

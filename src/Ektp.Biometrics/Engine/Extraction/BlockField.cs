using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Per-block statistics: the foreground mask (segmentation), the smoothed ridge orientation as a doubled-angle
/// vector (so 0° and 180° average correctly, as in the gradient method of Kass and Witkin / MINDTCT), its
/// coherence and the local contrast.
/// </summary>
internal sealed class BlockField
{
    private BlockField(int width, int height, int columns, int rows)
    {
        Width = width;
        Height = height;
        Columns = columns;
        Rows = rows;
        Mask = new bool[columns * rows];
        Cos2 = new float[columns * rows];
        Sin2 = new float[columns * rows];
        Coherence = new float[columns * rows];
        Contrast = new float[columns * rows];
    }

    public int Width { get; }

    public int Height { get; }

    public int Columns { get; }

    public int Rows { get; }

    public bool[] Mask { get; }

    public float[] Cos2 { get; }

    public float[] Sin2 { get; }

    public float[] Coherence { get; }

    public float[] Contrast { get; }

    public float ContrastReference { get; private set; }

    public bool InMask(int x, int y)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return false;
        }

        return Mask[((y / Parameters.BlockSize) * Columns) + (x / Parameters.BlockSize)];
    }

    public static BlockField Compute(byte[] image, int width, int height)
    {
        const int B = Parameters.BlockSize;
        var columns = (width + B - 1) / B;
        var rows = (height + B - 1) / B;
        var field = new BlockField(width, height, columns, rows);
        var n = columns * rows;
        var gxx = new double[n];
        var gxy = new double[n];
        var gmag = new double[n];
        var sum = new double[n];
        var bandSum = new double[n];
        var bandSumSq = new double[n];
        var count = new int[n];
        AccumulateBand(image, width, height, columns, bandSum, bandSumSq);

        AccumulateGradients(image, width, height, columns, sum, count, gxx, gxy, gmag);

        var means = ComputeContrast(field, sum, bandSum, bandSumSq, count);
        Segment(field, Crossings(image, width, height, field, means));
        ComputeOrientation(field, gxx, gxy, gmag);
        return field;
    }

    /// <summary>
    /// False makes the gradient moments take their scalar loop, as on hardware without vector support; for tests that
    /// prove both give the same field. Both are exact, so flipping it while other threads extract changes nothing.
    /// </summary>
    internal static bool Vectorised { get; set; } = true;

    // Per block: the sum and count of its grey levels, and the moments of the Sobel gradients of its pixels off the
    // image's edge (gx² − gy², 2 gx gy, gx² + gy²). Every term is a whole number and no block's sum comes near 2^53, so
    // they are summed as integers, eight pixels (a block's row) at a time where the vectors' loads stay in the image.
    private static void AccumulateGradients(
        byte[] image, int width, int height, int columns,
        double[] sum, int[] count, double[] gxx, double[] gxy, double[] gmag)
    {
        const int B = Parameters.BlockSize;
        var n = sum.Length;
        var grey = new long[n];
        var xx = new long[n];
        var xy = new long[n];
        var magnitude = new long[n];
        var vectorised = Vector256.IsHardwareAccelerated && Vectorised;
        ref var pixels = ref MemoryMarshal.GetArrayDataReference(image);
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var blockRow = (y / B) * columns;
            var edgeRow = y == 0 || y == height - 1;
            for (var bx = 0; bx < columns; bx++)
            {
                var b = blockRow + bx;
                int x0 = bx * B, x1 = Math.Min(width, x0 + B);
                for (var x = x0; x < x1; x++)
                {
                    grey[b] += image[row + x];
                }

                count[b] += x1 - x0;
                if (edgeRow)
                {
                    continue;
                }

                int g0 = Math.Max(x0, 1), g1 = Math.Min(x1, width - 1);
                int up = row - width, down = row + width;

                // A whole block row of gradients reads eight pixels from g0 − 1 to g0 + 8, all inside the image.
                if (vectorised && g1 - g0 == B)
                {
                    var ul = Load(ref pixels, up + g0 - 1);
                    var uc = Load(ref pixels, up + g0);
                    var ur = Load(ref pixels, up + g0 + 1);
                    var ml = Load(ref pixels, row + g0 - 1);
                    var mr = Load(ref pixels, row + g0 + 1);
                    var dl = Load(ref pixels, down + g0 - 1);
                    var dc = Load(ref pixels, down + g0);
                    var dr = Load(ref pixels, down + g0 + 1);
                    var gx = ur + mr + mr + dr - ul - ml - ml - dl;
                    var gy = dl + dc + dc + dr - ul - uc - uc - ur;
                    var gx2 = gx * gx;
                    var gy2 = gy * gy;
                    xx[b] += Vector256.Sum(gx2 - gy2);
                    xy[b] += 2L * Vector256.Sum(gx * gy);
                    magnitude[b] += Vector256.Sum(gx2 + gy2);
                    continue;
                }

                for (var x = g0; x < g1; x++)
                {
                    var gx = image[up + x + 1] + (2 * image[row + x + 1]) + image[down + x + 1]
                        - image[up + x - 1] - (2 * image[row + x - 1]) - image[down + x - 1];
                    var gy = image[down + x - 1] + (2 * image[down + x]) + image[down + x + 1]
                        - image[up + x - 1] - (2 * image[up + x]) - image[up + x + 1];
                    xx[b] += (gx * gx) - (gy * gy);
                    xy[b] += 2 * gx * gy;
                    magnitude[b] += (gx * gx) + (gy * gy);
                }
            }
        }

        for (var b = 0; b < n; b++)
        {
            sum[b] = grey[b];
            gxx[b] = xx[b];
            gxy[b] = xy[b];
            gmag[b] = magnitude[b];
        }
    }

    // Eight grey levels from index i on (eight bytes read, no more) as 32-bit lanes.
    private static Vector256<int> Load(ref byte pixels, int i)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref pixels, i))).AsByte();
        return Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe()).AsInt32();
    }

    // How often the grey level crosses the contrast window's mean between neighbouring pixels, per line of the window:
    // along its rows and along its columns, counted within each block, and the smaller of the two. Across ridges a
    // line crosses twice per ridge period and along them hardly at all, so even ridges at 45° give at most about 3
    // per 24 px (4 for the finest ridges, 8 px apart at 640 dpi); noise about its mean crosses at every other pixel
    // or so in both directions, about 10.
    private static float[] Crossings(byte[] image, int width, int height, BlockField f, float[] means)
    {
        const int B = Parameters.BlockSize;
        var rowChanges = new int[means.Length];
        var columnChanges = new int[means.Length];
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var blockRow = (y / B) * f.Columns;
            for (var x = 0; x < width; x++)
            {
                var b = blockRow + (x / B);
                var mean = means[b];
                var above = image[row + x] > mean;
                if ((x + 1) % B != 0 && x + 1 < width && (image[row + x + 1] > mean) != above)
                {
                    rowChanges[b]++;
                }

                if ((y + 1) % B != 0 && y + 1 < height && (image[row + width + x] > mean) != above)
                {
                    columnChanges[b]++;
                }
            }
        }

        const int R = Parameters.ContrastWindowBlocks;
        var result = new float[means.Length];
        for (var by = 0; by < f.Rows; by++)
        {
            for (var bx = 0; bx < f.Columns; bx++)
            {
                int rows = 0, columns = 0;
                for (var y = Math.Max(0, by - R); y <= Math.Min(f.Rows - 1, by + R); y++)
                {
                    for (var x = Math.Max(0, bx - R); x <= Math.Min(f.Columns - 1, bx + R); x++)
                    {
                        rows += rowChanges[(y * f.Columns) + x];
                        columns += columnChanges[(y * f.Columns) + x];
                    }
                }

                // The window has B rows of pixels per block row, and B columns of pixels per block column.
                var rowLines = B * (Math.Min(f.Rows - 1, by + R) - Math.Max(0, by - R) + 1);
                var columnLines = B * (Math.Min(f.Columns - 1, bx + R) - Math.Max(0, bx - R) + 1);
                result[(by * f.Columns) + bx] = Math.Min((float)rows / rowLines, (float)columns / columnLines);
            }
        }

        return result;
    }

    // The band-passed image: the mean over a (2 BandPassInnerRadius + 1)² box minus the mean over a
    // (2 BandPassOuterRadius + 1)² box, both from one integral image. It keeps the ridge band and drops what varies
    // more slowly than ridges (shading, blotches and smears of a sensor's background, uneven pressure) and part of
    // the pixel noise, so the contrast that segments the print is the contrast of ridges. Each block receives the sum
    // and the sum of squares of its pixels' band-passed values. Away from the image's edges both boxes have their full
    // areas, so the value is an integer (inner sum × outer area − outer sum × inner area) over the product of the areas:
    // the sums are kept in those integer units (exact in a double) and divided once a block.
    private static void AccumulateBand(byte[] image, int width, int height, int columns, double[] bandSum, double[] bandSumSq)
    {
        const int B = Parameters.BlockSize, Ri = Parameters.BandPassInnerRadius, Ro = Parameters.BandPassOuterRadius;
        const int InnerArea = ((2 * Ri) + 1) * ((2 * Ri) + 1), OuterArea = ((2 * Ro) + 1) * ((2 * Ro) + 1);
        const double Unit = (double)InnerArea * OuterArea;
        var stride = width + 1;

        // Rented: a fresh array of this size (about 0.8 MB) would come from the large-object heap for every image.
        var integral = ArrayPool<int>.Shared.Rent(stride * (height + 1));
        Array.Clear(integral, 0, stride);
        for (var y = 0; y < height; y++)
        {
            integral[(y + 1) * stride] = 0;
            var rowSum = 0;
            for (var x = 0; x < width; x++)
            {
                rowSum += image[(y * width) + x];
                integral[((y + 1) * stride) + x + 1] = integral[(y * stride) + x + 1] + rowSum;
            }
        }

        for (var y = 0; y < height; y++)
        {
            var blockRow = (y / B) * columns;
            var inside = y >= Ro && y < height - Ro;
            int innerTop = (y - Ri) * stride, innerBottom = (y + Ri + 1) * stride;
            int outerTop = (y - Ro) * stride, outerBottom = (y + Ro + 1) * stride;
            for (var bx = 0; bx < columns; bx++)
            {
                long exact = 0, exactSquares = 0;
                double clipped = 0, clippedSquares = 0;
                for (int x = bx * B, end = Math.Min(width, x + B); x < end; x++)
                {
                    if (inside && x >= Ro && x < width - Ro)
                    {
                        int l = x - Ri, r = x + Ri + 1, outerLeft = x - Ro, outerRight = x + Ro + 1;
                        var inner = integral[innerBottom + r] - integral[innerTop + r] - integral[innerBottom + l] + integral[innerTop + l];
                        var outer = integral[outerBottom + outerRight] - integral[outerTop + outerRight]
                            - integral[outerBottom + outerLeft] + integral[outerTop + outerLeft];
                        var v = ((long)inner * OuterArea) - ((long)outer * InnerArea);
                        exact += v;
                        exactSquares += v * v;
                    }
                    else
                    {
                        // Boxes clipped by the image's edge: their own areas.
                        var v = Unit * (BoxMean(integral, stride, width, height, x, y, Ri) - BoxMean(integral, stride, width, height, x, y, Ro));
                        clipped += v;
                        clippedSquares += v * v;
                    }
                }

                bandSum[blockRow + bx] += exact + clipped;
                bandSumSq[blockRow + bx] += exactSquares + clippedSquares;
            }
        }

        ArrayPool<int>.Shared.Return(integral);
        for (var i = 0; i < bandSum.Length; i++)
        {
            bandSum[i] /= Unit;
            bandSumSq[i] /= Unit * Unit;
        }
    }

    private static double BoxMean(int[] integral, int stride, int width, int height, int x, int y, int r)
    {
        int x0 = Math.Max(0, x - r), y0 = Math.Max(0, y - r);
        int x1 = Math.Min(width, x + r + 1), y1 = Math.Min(height, y + r + 1);
        var total = integral[(y1 * stride) + x1] - integral[(y0 * stride) + x1] - integral[(y1 * stride) + x0]
            + integral[(y0 * stride) + x0];
        return (double)total / ((x1 - x0) * (y1 - y0));
    }

    // Window means of the grey levels (for the crossing count) and window contrast: the standard deviation of the
    // band-passed image over the window.
    private static float[] ComputeContrast(BlockField f, double[] sum, double[] bandSum, double[] bandSumSq, int[] count)
    {
        var means = new float[f.Contrast.Length];
        const int R = Parameters.ContrastWindowBlocks;
        for (var by = 0; by < f.Rows; by++)
        {
            for (var bx = 0; bx < f.Columns; bx++)
            {
                double s = 0, bs = 0, bs2 = 0, c = 0;
                for (var y = Math.Max(0, by - R); y <= Math.Min(f.Rows - 1, by + R); y++)
                {
                    for (var x = Math.Max(0, bx - R); x <= Math.Min(f.Columns - 1, bx + R); x++)
                    {
                        var i = (y * f.Columns) + x;
                        s += sum[i];
                        bs += bandSum[i];
                        bs2 += bandSumSq[i];
                        c += count[i];
                    }
                }

                means[(by * f.Columns) + bx] = (float)(s / c);
                var bandMean = bs / c;
                f.Contrast[(by * f.Columns) + bx] = (float)Math.Sqrt(Math.Max(0, (bs2 / c) - (bandMean * bandMean)));
            }
        }

        var sorted = (float[])f.Contrast.Clone();
        Array.Sort(sorted);
        f.ContrastReference = Math.Max(1f, sorted[(int)(sorted.Length * 0.95)]);
        return means;
    }

    // Foreground: contrast of at least RelativeContrastMin of the reference, from grey levels that vary like ridges
    // rather than like noise (a sensor's grainy background lifted over the contrast threshold).
    private static void Segment(BlockField f, float[] crossings)
    {
        var threshold = Math.Max(Parameters.AbsoluteContrastMin, Parameters.RelativeContrastMin * f.ContrastReference);
        for (var i = 0; i < f.Mask.Length; i++)
        {
            f.Mask[i] = f.Contrast[i] >= threshold && crossings[i] <= Parameters.MaxMeanCrossings;
        }

        var next = new bool[f.Mask.Length];
        for (var pass = 0; pass < Parameters.MaskSmoothingPasses; pass++)
        {
            for (var by = 0; by < f.Rows; by++)
            {
                for (var bx = 0; bx < f.Columns; bx++)
                {
                    var votes = 0;
                    var total = 0;
                    for (var y = by - 1; y <= by + 1; y++)
                    {
                        for (var x = bx - 1; x <= bx + 1; x++)
                        {
                            total++;
                            if (x >= 0 && y >= 0 && x < f.Columns && y < f.Rows && f.Mask[(y * f.Columns) + x])
                            {
                                votes++;
                            }
                        }
                    }

                    next[(by * f.Columns) + bx] = votes * 2 > total;
                }
            }

            Array.Copy(next, f.Mask, next.Length);
        }

        KeepMainRegion(f);
    }

    // Background enclosed by the print is a smudge or a scar, not background; islands far from the print are dirt.
    private static void KeepMainRegion(BlockField f)
    {
        var labels = Components.Label(f.Mask, f.Columns, f.Rows, true, out var sizes);
        var largest = 0;
        for (var i = 1; i < sizes.Count; i++)
        {
            largest = Math.Max(largest, sizes[i]);
        }

        for (var i = 0; i < f.Mask.Length; i++)
        {
            f.Mask[i] = labels[i] > 0 && sizes[labels[i]] * 4 >= largest;
        }

        var background = new bool[f.Mask.Length];
        for (var i = 0; i < f.Mask.Length; i++)
        {
            background[i] = !f.Mask[i];
        }

        var holes = Components.Label(background, f.Columns, f.Rows, false, out _);
        var touchesBorder = new HashSet<int>();
        for (var x = 0; x < f.Columns; x++)
        {
            touchesBorder.Add(holes[x]);
            touchesBorder.Add(holes[((f.Rows - 1) * f.Columns) + x]);
        }

        for (var y = 0; y < f.Rows; y++)
        {
            touchesBorder.Add(holes[y * f.Columns]);
            touchesBorder.Add(holes[(y * f.Columns) + f.Columns - 1]);
        }

        for (var i = 0; i < f.Mask.Length; i++)
        {
            if (holes[i] > 0 && !touchesBorder.Contains(holes[i]))
            {
                f.Mask[i] = true;
            }
        }
    }

    private static void ComputeOrientation(BlockField f, double[] gxx, double[] gxy, double[] gmag)
    {
        var R = Parameters.OrientationSmoothingRadius;
        for (var by = 0; by < f.Rows; by++)
        {
            for (var bx = 0; bx < f.Columns; bx++)
            {
                double sxx = 0, sxy = 0, smag = 0;
                for (var y = Math.Max(0, by - R); y <= Math.Min(f.Rows - 1, by + R); y++)
                {
                    for (var x = Math.Max(0, bx - R); x <= Math.Min(f.Columns - 1, bx + R); x++)
                    {
                        var i = (y * f.Columns) + x;
                        var w = f.Mask[i] ? 1.0 : 0.1;
                        sxx += w * gxx[i];
                        sxy += w * gxy[i];
                        smag += w * gmag[i];
                    }
                }

                var b = (by * f.Columns) + bx;
                var length = Math.Sqrt((sxx * sxx) + (sxy * sxy));
                if (length < 1e-9)
                {
                    f.Cos2[b] = 1;
                    f.Sin2[b] = 0;
                    continue;
                }

                // The ridge runs perpendicular to the dominant gradient: rotate the doubled angle by 180°.
                f.Cos2[b] = (float)(-sxx / length);
                f.Sin2[b] = (float)(-sxy / length);
                f.Coherence[b] = (float)(smag > 0 ? length / smag : 0);
            }
        }
    }
}

namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// A coarse map of a print's ridge orientation at 500 dpi, for the matcher to check that two aligned prints' ridges
/// flow the same way where they overlap: one cell per <see cref="CellSize"/> px square, holding the doubled ridge angle
/// (0° and 180° of ridge direction are one value) in <see cref="Levels"/> steps, or <see cref="None"/> where the cell is
/// background. Only the print's bounding box is kept. Templates, gallery records and the matcher all use the packed
/// form that <see cref="Pack"/> makes.
/// </summary>
internal static class OrientationGrid
{
    public const int CellSize = 32;
    public const int Levels = 15;
    public const byte None = 15;

    /// <summary>
    /// Pools the block field (computed at <paramref name="dpi"/> on a part of the image that starts
    /// <paramref name="offsetX"/>, <paramref name="offsetY"/> pixels at 500 dpi into it) into the image's cells at
    /// 500 dpi: the coherence-weighted mean
    /// of the doubled-angle vectors of the foreground blocks whose centres fall in the cell; a cell is background when
    /// fewer than half of its blocks are foreground. Returns the packed grid of the print's bounding box: left, top,
    /// columns and rows (one byte each, in cells), then the cells row by row, two to a byte, the first in the high
    /// nibble (an odd count ends with <see cref="None"/>); null when no cell is foreground.
    /// </summary>
    public static byte[]? Pack(BlockField field, int dpi, double offsetX = 0, double offsetY = 0)
    {
        var scale = (double)Parameters.InternalDpi / dpi;
        var columns = Math.Max(1, (int)Math.Ceiling(((field.Width * scale) + offsetX) / CellSize));
        var rows = Math.Max(1, (int)Math.Ceiling(((field.Height * scale) + offsetY) / CellSize));
        var c2 = new double[columns * rows];
        var s2 = new double[columns * rows];
        var inside = new int[columns * rows];
        var all = new int[columns * rows];
        const int B = Parameters.BlockSize;
        for (var by = 0; by < field.Rows; by++)
        {
            for (var bx = 0; bx < field.Columns; bx++)
            {
                var cx = Math.Min(columns - 1, (int)(((((bx * B) + (B / 2.0)) * scale) + offsetX) / CellSize));
                var cy = Math.Min(rows - 1, (int)(((((by * B) + (B / 2.0)) * scale) + offsetY) / CellSize));
                var c = (cy * columns) + cx;
                var b = (by * field.Columns) + bx;
                all[c]++;
                if (field.Mask[b])
                {
                    inside[c]++;
                    c2[c] += field.Coherence[b] * field.Cos2[b];
                    s2[c] += field.Coherence[b] * field.Sin2[b];
                }
            }
        }

        var levels = new byte[columns * rows];
        int left = columns, top = rows, right = -1, bottom = -1;
        for (var c = 0; c < levels.Length; c++)
        {
            if (inside[c] == 0 || inside[c] * 2 < all[c] || (c2[c] * c2[c]) + (s2[c] * s2[c]) < 1e-12)
            {
                levels[c] = None;
                continue;
            }

            var turn = Math.Atan2(s2[c], c2[c]) / (2 * Math.PI);
            levels[c] = (byte)(((int)Math.Round(turn * Levels) % Levels + Levels) % Levels);
            (left, top) = (Math.Min(left, c % columns), Math.Min(top, c / columns));
            (right, bottom) = (Math.Max(right, c % columns), Math.Max(bottom, c / columns));
        }

        if (right < 0)
        {
            return null;
        }

        var (width, height) = (right - left + 1, bottom - top + 1);
        var bytes = new byte[4 + (((width * height) + 1) / 2)];
        (bytes[0], bytes[1], bytes[2], bytes[3]) = ((byte)left, (byte)top, (byte)width, (byte)height);
        for (var k = 0; k < width * height; k++)
        {
            var level = levels[((top + (k / width)) * columns) + left + (k % width)];
            bytes[4 + (k / 2)] |= (byte)(k % 2 == 0 ? level << 4 : level);
        }

        if (width * height % 2 == 1)
        {
            bytes[^1] |= None;
        }

        return bytes;
    }

    /// <summary>The length of the packed grid at the start of <paramref name="bytes"/>, or −1 when it is cut short.</summary>
    public static int PackedLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
        {
            return -1;
        }

        var length = 4 + ((bytes[2] * bytes[3]) + 1) / 2;
        return bytes.Length >= length ? length : -1;
    }

    /// <summary>Level of cell <paramref name="c"/> (row-major) of a packed grid.</summary>
    public static int Cell(ReadOnlySpan<byte> packed, int c) => (packed[4 + (c >> 1)] >> ((~c & 1) << 2)) & 15;
}

namespace Ektp.Biometrics.Engine.Imaging;

/// <summary>
/// Bilinear resampling between resolutions (to 500 dpi for <see cref="FingerprintImage.Pixels"/>, to the extraction
/// resolution for the extractor), so ridge spacing is the same for every sensor. A sharper windowed-sinc
/// (Lanczos-3) filter was tried instead and lost on FVC2002 DB2 (EER 5.70 % against 4.31 % at the time).
/// </summary>
internal static class Resampler
{
    public static (int Width, int Height) Size(int width, int height, int fromDpi, int toDpi)
    {
        var scale = (double)toDpi / fromDpi;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    public static (byte[] Pixels, int Width, int Height) Resample(byte[] src, int width, int height, int fromDpi, int toDpi)
    {
        var scale = (double)toDpi / fromDpi;
        var (w, h) = Size(width, height, fromDpi, toDpi);
        var dst = new byte[w * h];
        var inv = 1.0 / scale;
        var xs0 = new int[w];
        var xs1 = new int[w];
        var fxs = new double[w];
        for (var x = 0; x < w; x++)
        {
            var sx = ((x + 0.5) * inv) - 0.5;
            xs0[x] = Math.Clamp((int)Math.Floor(sx), 0, width - 1);
            xs1[x] = Math.Min(xs0[x] + 1, width - 1);
            fxs[x] = Math.Clamp(sx - xs0[x], 0, 1);
        }

        for (var y = 0; y < h; y++)
        {
            var sy = ((y + 0.5) * inv) - 0.5;
            var y0 = Math.Clamp((int)Math.Floor(sy), 0, height - 1);
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = Math.Clamp(sy - y0, 0, 1);
            var row0 = y0 * width;
            var row1 = y1 * width;
            for (var x = 0; x < w; x++)
            {
                int x0 = xs0[x], x1 = xs1[x];
                var fx = fxs[x];
                var top = (src[row0 + x0] * (1 - fx)) + (src[row0 + x1] * fx);
                var bottom = (src[row1 + x0] * (1 - fx)) + (src[row1 + x1] * fx);
                dst[(y * w) + x] = (byte)Math.Clamp((int)Math.Round((top * (1 - fy)) + (bottom * fy)), 0, 255);
            }
        }

        return (dst, w, h);
    }
}

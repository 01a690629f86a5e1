namespace Ektp.Biometrics.Engine.Imaging;

/// <summary>Bilinear resampling to 500 dpi, so ridge spacing is the same for every sensor.</summary>
internal static class Resampler
{
    public static (byte[] Pixels, int Width, int Height) ToInternalDpi(byte[] src, int width, int height, int dpi)
    {
        var scale = (double)Parameters.InternalDpi / dpi;
        var w = Math.Max(1, (int)Math.Round(width * scale));
        var h = Math.Max(1, (int)Math.Round(height * scale));
        var dst = new byte[w * h];
        var inv = 1.0 / scale;
        for (var y = 0; y < h; y++)
        {
            var sy = ((y + 0.5) * inv) - 0.5;
            var y0 = Math.Clamp((int)Math.Floor(sy), 0, height - 1);
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = Math.Clamp(sy - y0, 0, 1);
            for (var x = 0; x < w; x++)
            {
                var sx = ((x + 0.5) * inv) - 0.5;
                var x0 = Math.Clamp((int)Math.Floor(sx), 0, width - 1);
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = Math.Clamp(sx - x0, 0, 1);
                var top = (src[(y0 * width) + x0] * (1 - fx)) + (src[(y0 * width) + x1] * fx);
                var bottom = (src[(y1 * width) + x0] * (1 - fx)) + (src[(y1 * width) + x1] * fx);
                dst[(y * w) + x] = (byte)Math.Clamp((int)Math.Round((top * (1 - fy)) + (bottom * fy)), 0, 255);
            }
        }

        return (dst, w, h);
    }
}

using System.Runtime.InteropServices;
using SkiaSharp;

namespace Ektp.Faces.Engine;

/// <summary>
/// Fits a photo into the model's fixed input: scaled to fit without distortion, placed at the top-left corner, the
/// rest black (as OpenCV pads), then written as planar B, G, R floats 0–255.
/// </summary>
internal static class Letterbox
{
    public static float[] Prepare(SKBitmap photo, int inputWidth, int inputHeight, float scale)
    {
        var width = Math.Clamp((int)MathF.Round(photo.Width * scale), 1, inputWidth);
        var height = Math.Clamp((int)MathF.Round(photo.Height * scale), 1, inputHeight);
        using var canvasBitmap = new SKBitmap(new SKImageInfo(inputWidth, inputHeight, SKColorType.Bgra8888,
            SKAlphaType.Premul));
        using (var canvas = new SKCanvas(canvasBitmap))
        using (var image = SKImage.FromBitmap(photo))
        {
            canvas.Clear(SKColors.Black);
            var sampling = scale < 1
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) // mipmaps: no aliasing when shrinking
                : new SKSamplingOptions(SKFilterMode.Linear);
            canvas.DrawImage(image, new SKRect(0, 0, photo.Width, photo.Height), new SKRect(0, 0, width, height),
                sampling, null);
        }

        var pixels = MemoryMarshal.Cast<byte, uint>(canvasBitmap.GetPixelSpan());
        var plane = inputWidth * inputHeight;
        var input = new float[3 * plane];
        for (var i = 0; i < plane; i++)
        {
            var bgra = pixels[i]; // little-endian BGRA: B in the low byte
            input[i] = bgra & 0xFF;
            input[plane + i] = (bgra >> 8) & 0xFF;
            input[(2 * plane) + i] = (bgra >> 16) & 0xFF;
        }

        return input;
    }
}

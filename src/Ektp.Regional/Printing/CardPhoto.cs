using Ektp.Faces;
using SkiaSharp;

namespace Ektp.Regional.Printing;

/// <summary>
/// The photo as it goes on the card: cropped to the card's portrait ratio (3:4) and scaled to the photo box at
/// 300 dpi. The photo passed the enrollment face check, so <see cref="PrepareAroundFace"/> crops the portrait around
/// the detected face (twice the face's height, as <see cref="FaceDetector.PortraitRegion"/> defines it); a photo in
/// which no single face is found again falls back to the largest 3:4 crop centred on the image.
/// </summary>
internal static class CardPhoto
{
    public const int Width = 240;   // 20.3 mm at 300 dpi
    public const int Height = 320;  // 27.1 mm

    /// <summary>The crop rectangle of the portrait ratio inside a <paramref name="width"/> × <paramref name="height"/>
    /// image, centred on <paramref name="face"/> when given (clamped to the image), else on the image.</summary>
    public static SKRectI Crop(int width, int height, SKRectI? face = null)
    {
        int cropWidth, cropHeight;
        if (width * Height > height * Width)
        {
            cropHeight = height;
            cropWidth = Math.Max(1, height * Width / Height);
        }
        else
        {
            cropWidth = width;
            cropHeight = Math.Max(1, width * Height / Width);
        }

        var centreX = face?.MidX ?? width / 2;
        var centreY = face?.MidY ?? height / 2;
        var left = Math.Clamp(centreX - (cropWidth / 2), 0, width - cropWidth);
        var top = Math.Clamp(centreY - (cropHeight / 2), 0, height - cropHeight);
        return new SKRectI(left, top, left + cropWidth, top + cropHeight);
    }

    /// <summary>Decodes, crops and scales the enrollment photo; a JPEG of <see cref="Width"/> × <see cref="Height"/>.
    /// Null when the bytes are not an image.</summary>
    public static byte[]? Prepare(byte[] photo, SKRectI? face = null)
    {
        using var source = Decode(photo);
        return source is null ? null : Draw(source, Crop(source.Width, source.Height, face));
    }

    /// <summary>As <see cref="Prepare"/>, cropped to the portrait around the one face the detector finds. The photo
    /// is decoded once, upright (EXIF orientation applied), so the face box and the crop share its coordinates.</summary>
    public static byte[]? PrepareAroundFace(byte[] photo, FaceDetector detector)
    {
        using var source = FaceDetector.DecodeUpright(photo);
        if (source is null)
        {
            return null;
        }

        if (detector.Check(source).Face is not { } face)
        {
            return Draw(source, Crop(source.Width, source.Height));
        }

        var region = FaceDetector.PortraitRegion(face.Box, source.Width, source.Height);
        return Draw(source, new SKRectI((int)region.X, (int)region.Y, (int)(region.X + region.Width), (int)(region.Y + region.Height)));
    }

    private static byte[] Draw(SKBitmap source, SKRectI crop)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var image = SKImage.FromBitmap(source))
        {
            surface.Canvas.Clear(SKColors.White);
            surface.Canvas.DrawImage(image, new SKRect(crop.Left, crop.Top, crop.Right, crop.Bottom),
                new SKRect(0, 0, Width, Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>Decodes any image Skia reads; null (never an exception) for bytes that are not one.</summary>
    public static SKBitmap? Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec is null ? null : SKBitmap.Decode(codec);
    }
}

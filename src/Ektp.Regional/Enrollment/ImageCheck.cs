using Ektp.Faces;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace Ektp.Regional.Enrollment;

/// <summary>Confirms an upload really is a decodable image and tells its encoded format, without trusting names.</summary>
internal static class ImageCheck
{
    private const int MaxSide = 8000;

    /// <summary>A 2 MB file can still claim huge dimensions (a decompression bomb); 25 megapixels is ample.</summary>
    private const long MaxPixels = 25_000_000;

    public static DecodedImageInfo? Inspect(byte[] content)
    {
        if (content.Length < 8)
        {
            return null;
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 ||
            codec.Info.Width > MaxSide || codec.Info.Height > MaxSide ||
            (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        // Decode for real: a truncated file has a valid header but fails here.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return null;
        }

        var (extension, mime) = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Png => ("png", "image/png"),
            SKEncodedImageFormat.Jpeg => ("jpg", "image/jpeg"),
            SKEncodedImageFormat.Bmp => ("bmp", "image/bmp"),
            SKEncodedImageFormat.Webp => ("webp", "image/webp"),
            SKEncodedImageFormat.Gif => ("gif", "image/gif"),
            _ => ("img", "application/octet-stream"),
        };
        return new DecodedImageInfo(codec.Info.Width, codec.Info.Height, extension, mime);
    }

    /// <summary>
    /// The photo must show exactly one face of a usable size (the card's portrait is cropped around it); null when
    /// it does, else the refusal, so the photo is taken again while the resident is still at the desk.
    /// </summary>
    public static EnrollmentOutcome.Refused? Face(FaceDetector detector, byte[] photo)
    {
        var check = detector.Check(photo);
        var (code, title) = check.Outcome switch
        {
            FaceCheckOutcome.OneFace => (null, null),
            FaceCheckOutcome.NoFace => ("photo-no-face", "No face was found in the photo."),
            FaceCheckOutcome.SeveralFaces => ("photo-several-faces", "The photo shows more than one face."),
            FaceCheckOutcome.FaceTooSmall => ("photo-face-too-small", "The face in the photo is too small."),
            _ => ("image-invalid", "A file is not a readable image."),
        };
        return code is null
            ? null
            : new EnrollmentOutcome.Refused(StatusCodes.Status422UnprocessableEntity, code, title!,
                $"The file in 'photo': {check.Reason}");
    }
}

internal sealed record DecodedImageInfo(int Width, int Height, string Extension, string ContentType);

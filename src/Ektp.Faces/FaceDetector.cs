using System.Globalization;
using Ektp.Faces.Engine;
using SkiaSharp;

namespace Ektp.Faces;

/// <summary>
/// Finds faces in a photo with the YuNet face detector (OpenCV Zoo, MIT; the model is embedded, nothing is
/// downloaded), checks an enrollment photo (exactly one face of a usable size) and crops a photo to the card's
/// portrait ratio around its face. One instance is meant to live as long as the application: loading the model
/// takes a moment, and every method is safe to call from several threads at once.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    /// <summary>The card's portrait ratio, width : height = 3 : 4.</summary>
    public const float PortraitAspect = 3f / 4f;

    private static readonly Lazy<FaceDetector> LazyShared = new(() => new FaceDetector(null, shared: true));

    private readonly YuNetModel _model;
    private readonly bool _shared;

    /// <summary>Loads the embedded model.</summary>
    /// <param name="options">Thresholds; null for the defaults.</param>
    /// <exception cref="InvalidOperationException">The embedded model is missing, altered or not shaped like
    /// YuNet.</exception>
    public FaceDetector(FaceDetectorOptions? options = null)
        : this(options, shared: false)
    {
    }

    private FaceDetector(FaceDetectorOptions? options, bool shared)
    {
        Options = options ?? new FaceDetectorOptions();
        _model = new YuNetModel(Options.Threads);
        _shared = shared;
    }

    /// <summary>One detector with the default options for the whole process, loaded on first use; disposing it does
    /// nothing. A server registers it once, and tests that start many servers load the model once.</summary>
    public static FaceDetector Shared => LazyShared.Value;

    /// <summary>The thresholds in use.</summary>
    public FaceDetectorOptions Options { get; }

    /// <summary>The model's input size (640 × 640 for YuNet 2023mar): photos are scaled to fit it.</summary>
    public (int Width, int Height) InputSize => (_model.InputWidth, _model.InputHeight);

    /// <summary>Finds every face scoring at least <see cref="FaceDetectorOptions.ScoreThreshold"/>, best
    /// first.</summary>
    /// <param name="photo">A JPEG, PNG, BMP, GIF or WebP file.</param>
    /// <returns>The faces, in the photo's (EXIF-upright) pixel coordinates.</returns>
    /// <exception cref="FaceImageException">The bytes are not a usable image.</exception>
    public IReadOnlyList<DetectedFace> Detect(ReadOnlySpan<byte> photo)
    {
        using var bitmap = PhotoDecoder.Decode(photo);
        return Detect(bitmap);
    }

    /// <summary>
    /// Checks an enrollment photo: exactly one face, at least <see cref="FaceDetectorOptions.MinFaceHeight"/> pixels
    /// and <see cref="FaceDetectorOptions.MinFaceHeightFraction"/> of the photo high. Never throws for bad input.
    /// </summary>
    /// <param name="photo">The uploaded file.</param>
    /// <returns>The verdict with the faces found and the reason in words.</returns>
    public FaceCheck Check(ReadOnlySpan<byte> photo)
    {
        SKBitmap bitmap;
        try
        {
            bitmap = PhotoDecoder.Decode(photo);
        }
        catch (FaceImageException ex)
        {
            return new FaceCheck(FaceCheckOutcome.NotAnImage, 0, 0, [], ex.Message);
        }

        using (bitmap)
        {
            return Check(bitmap);
        }
    }

    /// <summary>As <see cref="Check(ReadOnlySpan{byte})"/>, on a photo already decoded by <see cref="DecodeUpright"/>,
    /// so a caller that also draws the photo decodes it once and uses the same coordinates.</summary>
    /// <param name="upright">The photo, EXIF orientation applied.</param>
    /// <returns>The verdict with the faces found and the reason in words.</returns>
    public FaceCheck Check(SKBitmap upright)
    {
        ArgumentNullException.ThrowIfNull(upright);
        return Judge(Detect(upright), upright.Width, upright.Height);
    }

    /// <summary>Decodes a photo as the detector sees it (upright, size-checked); null when it is not a usable image.</summary>
    /// <param name="photo">A JPEG, PNG, BMP, GIF or WebP file.</param>
    /// <returns>The bitmap (the caller disposes it), or null.</returns>
    public static SKBitmap? DecodeUpright(ReadOnlySpan<byte> photo)
    {
        try
        {
            return PhotoDecoder.Decode(photo);
        }
        catch (FaceImageException)
        {
            return null;
        }
    }

    /// <summary>
    /// The photo cropped to the card's portrait ratio (3:4) around its best face — the face about half the height,
    /// its centre a little above the middle — as a PNG at most <paramref name="maxHeight"/> pixels high. The crop
    /// stays inside the photo (it shrinks rather than adding borders). Null when the bytes are not an image or no
    /// face is found.
    /// </summary>
    /// <param name="photo">The enrollment photo.</param>
    /// <param name="maxHeight">Largest height of the result; a bigger crop is scaled down.</param>
    /// <returns>PNG bytes, or null.</returns>
    public byte[]? CropPortrait(ReadOnlySpan<byte> photo, int maxHeight = 640)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 4);
        SKBitmap bitmap;
        try
        {
            bitmap = PhotoDecoder.Decode(photo);
        }
        catch (FaceImageException)
        {
            return null;
        }

        using (bitmap)
        {
            var faces = Detect(bitmap);
            if (faces.Count == 0)
            {
                return null;
            }

            var crop = PortraitRegion(faces[0].Box, bitmap.Width, bitmap.Height);
            var scale = Math.Min(1f, maxHeight / crop.Height);
            var width = Math.Max(1, (int)MathF.Round(crop.Width * scale));
            var height = Math.Max(1, (int)MathF.Round(crop.Height * scale));
            using var surface = SKSurface.Create(
                new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var image = SKImage.FromBitmap(bitmap))
            {
                surface.Canvas.Clear(SKColors.White);
                surface.Canvas.DrawImage(image, new SKRect(crop.X, crop.Y, crop.Right, crop.Bottom),
                    new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear),
                    null);
            }

            using var snapshot = surface.Snapshot();
            using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
    }

    /// <summary>
    /// The 3:4 rectangle of a portrait around <paramref name="face"/> inside a <paramref name="width"/> ×
    /// <paramref name="height"/> photo: twice the face's height, the face's centre at 45 % from the top, shrunk
    /// and moved as needed to stay inside the photo. Whole pixels.
    /// </summary>
    /// <param name="face">The face box.</param>
    /// <param name="width">Photo width.</param>
    /// <param name="height">Photo height.</param>
    /// <returns>The crop rectangle.</returns>
    public static FaceBox PortraitRegion(FaceBox face, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var cropHeight = Math.Max(face.Height, face.Width / PortraitAspect) * 2f;
        cropHeight = MathF.Min(cropHeight, MathF.Min(height, width / PortraitAspect));
        var cropWidth = cropHeight * PortraitAspect;
        var w = Math.Clamp((int)MathF.Round(cropWidth), 1, width);
        var h = Math.Clamp((int)MathF.Round(cropHeight), 1, height);
        var left = Math.Clamp((int)MathF.Round(face.CentreX - (w / 2f)), 0, width - w);
        var top = Math.Clamp((int)MathF.Round(face.CentreY - (0.45f * h)), 0, height - h);
        return new FaceBox(left, top, w, h);
    }

    /// <summary>Releases the model (except for <see cref="Shared"/>, which lives as long as the process).</summary>
    public void Dispose()
    {
        if (!_shared)
        {
            _model.Dispose();
        }
    }

    private List<DetectedFace> Detect(SKBitmap bitmap)
    {
        var scale = MathF.Min((float)_model.InputWidth / bitmap.Width, (float)_model.InputHeight / bitmap.Height);
        var input = Letterbox.Prepare(bitmap, _model.InputWidth, _model.InputHeight, scale);
        var found = YuNetDecoder.Suppress(_model.Run(input, Options.ScoreThreshold), Options.NmsThreshold);
        return found.ConvertAll(face => ToPhoto(face, scale, bitmap.Width, bitmap.Height));
    }

    /// <summary>From input pixels back to photo pixels, the box clipped to the photo.</summary>
    private static DetectedFace ToPhoto(DetectedFace face, float scale, int width, int height)
    {
        var b = face.Box;
        var left = Math.Clamp(b.X / scale, 0, width);
        var top = Math.Clamp(b.Y / scale, 0, height);
        var right = Math.Clamp(b.Right / scale, 0, width);
        var bottom = Math.Clamp(b.Bottom / scale, 0, height);
        return new DetectedFace(new FaceBox(left, top, right - left, bottom - top), face.Score,
            [.. face.Landmarks.Select(p => new FacePoint(p.X / scale, p.Y / scale))]);
    }

    private FaceCheck Judge(List<DetectedFace> faces, int width, int height)
    {
        switch (faces.Count)
        {
            case 0:
                return new FaceCheck(FaceCheckOutcome.NoFace, width, height, faces,
                    "No face was found in the photo. Take it again with the resident facing the camera, the whole " +
                    "face visible and evenly lit.");
            case > 1:
                return new FaceCheck(FaceCheckOutcome.SeveralFaces, width, height, faces,
                    faces.Count.ToString(CultureInfo.InvariantCulture) +
                    " faces were found in the photo; it must show the resident alone. Take it again with nobody " +
                    "else in the picture.");
        }

        var face = faces[0].Box;
        var needed = Math.Max(Options.MinFaceHeight, Options.MinFaceHeightFraction * height);
        if (face.Height >= needed)
        {
            return new FaceCheck(FaceCheckOutcome.OneFace, width, height, faces, null);
        }

        var (share, minimum) = (Options.MinFaceHeightFraction * 100, Options.MinFaceHeight);
        var found = string.Create(CultureInfo.InvariantCulture, $"The face is {face.Height:0} px high");
        var wanted = string.Create(CultureInfo.InvariantCulture,
            $"in a {width} x {height} photo; it must be at least {needed:0} px ({share:0} % of the photo's height");
        var least = string.Create(CultureInfo.InvariantCulture, $"and at least {minimum} px)");
        return new FaceCheck(FaceCheckOutcome.FaceTooSmall, width, height, faces,
            $"{found} {wanted} {least}. Move the camera closer or use a higher resolution.");
    }
}

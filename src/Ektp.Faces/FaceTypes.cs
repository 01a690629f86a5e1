namespace Ektp.Faces;

/// <summary>A point in the photo's pixel coordinates (after its EXIF orientation is applied).</summary>
/// <param name="X">Pixels from the left edge.</param>
/// <param name="Y">Pixels from the top edge.</param>
public readonly record struct FacePoint(float X, float Y);

/// <summary>An axis-aligned rectangle in the photo's pixel coordinates.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>Right edge.</summary>
    public float Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public float Bottom => Y + Height;

    /// <summary>Horizontal centre.</summary>
    public float CentreX => X + (Width / 2);

    /// <summary>Vertical centre.</summary>
    public float CentreY => Y + (Height / 2);

    /// <summary>Area in square pixels (0 for an empty box).</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union with <paramref name="other"/>, 0–1.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>The overlap ratio.</returns>
    public float IntersectionOverUnion(FaceBox other)
    {
        var width = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var height = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var intersection = width * height;
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}

/// <summary>One face found in a photo.</summary>
/// <param name="Box">The face rectangle (roughly forehead to chin, cheek to cheek), in photo pixels.</param>
/// <param name="Score">Confidence 0–1 (the detector's sqrt(class × objectness)).</param>
/// <param name="Landmarks">Five points in YuNet's order: right eye, left eye, nose tip, right and left mouth
/// corner (right and left of the person, so the right eye is on the viewer's left).</param>
public sealed record DetectedFace(FaceBox Box, float Score, IReadOnlyList<FacePoint> Landmarks);

/// <summary>What <see cref="FaceDetector.Check(ReadOnlySpan{byte})"/> concluded about a photo.</summary>
public enum FaceCheckOutcome
{
    /// <summary>Exactly one face of a usable size: the photo can be used.</summary>
    OneFace,

    /// <summary>No face was found.</summary>
    NoFace,

    /// <summary>More than one face was found.</summary>
    SeveralFaces,

    /// <summary>One face, too small in the photo (see <see cref="FaceDetectorOptions.MinFaceHeight"/> and
    /// <see cref="FaceDetectorOptions.MinFaceHeightFraction"/>).</summary>
    FaceTooSmall,

    /// <summary>The bytes are not a decodable JPEG, PNG, BMP, GIF or WebP image of a sane size.</summary>
    NotAnImage,
}

/// <summary>The verdict on a photo with the faces it is based on.</summary>
/// <param name="Outcome">The verdict.</param>
/// <param name="ImageWidth">The photo's width in pixels (0 when it is not an image).</param>
/// <param name="ImageHeight">The photo's height in pixels (0 when it is not an image).</param>
/// <param name="Faces">Every face found with at least the score threshold, best first.</param>
/// <param name="Reason">Why the photo cannot be used, in plain English; null for
/// <see cref="FaceCheckOutcome.OneFace"/>.</param>
public sealed record FaceCheck(
    FaceCheckOutcome Outcome, int ImageWidth, int ImageHeight, IReadOnlyList<DetectedFace> Faces, string? Reason)
{
    /// <summary>The one usable face; null unless <see cref="Outcome"/> is
    /// <see cref="FaceCheckOutcome.OneFace"/>.</summary>
    public DetectedFace? Face => Outcome == FaceCheckOutcome.OneFace ? Faces[0] : null;
}

/// <summary>Thresholds of the detector and of the enrollment check.</summary>
public sealed record FaceDetectorOptions
{
    /// <summary>Lowest score that counts as a face (0–1). Frontal faces score about 0.9; 0.7 keeps blurred or
    /// half-turned faces while background texture stays below it.</summary>
    public float ScoreThreshold { get; init; } = 0.7f;

    /// <summary>Two boxes overlapping more than this (intersection over union) are the same face.</summary>
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>The face must be at least this many pixels high in the photo: the card's photo box is 320 px high
    /// at 300 dpi and the face fills about half of it.</summary>
    public int MinFaceHeight { get; init; } = 96;

    /// <summary>The face must fill at least this share of the photo's height (in a passport-style photo it fills
    /// about half).</summary>
    public float MinFaceHeightFraction { get; init; } = 0.2f;

    /// <summary>Threads one detection may use; 1 keeps a busy server's requests from competing for cores.</summary>
    public int Threads { get; init; } = 1;
}

/// <summary>The bytes given to the detector are not a usable image.</summary>
public sealed class FaceImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FaceImageException()
        : base("The bytes are not a readable image.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public FaceImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FaceImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Ektp.Biometrics;

/// <summary>
/// The bytes given to <see cref="FingerprintImage.Decode"/> are not a usable fingerprint image.
/// <see cref="Code"/> is a stable machine-readable reason: <c>image-empty</c>, <c>image-malformed</c>,
/// <c>image-truncated</c>, <c>image-not-grayscale</c>, <c>image-too-small</c>, <c>image-too-large</c>,
/// <c>image-unsupported-format</c>.
/// </summary>
public sealed class FingerprintImageException : Exception
{
    /// <summary>Creates an exception with a stable code and a human-readable message.</summary>
    public FingerprintImageException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates an exception without a code (required by the exception pattern).</summary>
    public FingerprintImageException()
        : this("image-malformed", "The image is malformed.")
    {
    }

    /// <summary>Creates an exception with a message and the code <c>image-malformed</c>.</summary>
    public FingerprintImageException(string message)
        : this("image-malformed", message)
    {
    }

    /// <summary>Creates an exception wrapping another one, with the code <c>image-malformed</c>.</summary>
    public FingerprintImageException(string message, Exception innerException)
        : base(message, innerException) => Code = "image-malformed";

    /// <summary>Stable reason code, e.g. <c>image-truncated</c>; safe to show to operators and log.</summary>
    public string Code { get; }
}

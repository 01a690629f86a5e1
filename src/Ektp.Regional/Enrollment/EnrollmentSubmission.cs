using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ektp.Regional.Enrollment;

/// <summary>An enrollment as the operator sent it (API multipart form or the web form), before any rule is checked.</summary>
internal sealed record EnrollmentSubmission(
    string? Nik,
    string? Location,
    string? Operator,
    UploadedImage? Photo,
    UploadedImage? Signature,
    IReadOnlyDictionary<int, UploadedImage> Fingers,
    string? Missing,
    IReadOnlyList<string> UnexpectedFiles,
    IReadOnlyList<UploadedFileTooLarge> TooLarge)
{
    /// <summary>Resolution of the finger images when the capture client says so (`dpi`); 0 when unreadable.</summary>
    public int? Dpi { get; init; }

    public const int FingerCount = 10;

    /// <summary>
    /// Reads the multipart form. Files over <paramref name="maxImageBytes"/> are not read into memory at all; they
    /// are listed in <see cref="TooLarge"/> so the refusal can name them.
    /// </summary>
    public static async Task<EnrollmentSubmission> FromFormAsync(IFormCollection form, long maxImageBytes,
        CancellationToken ct)
    {
        UploadedImage? photo = null, signature = null;
        var fingers = new Dictionary<int, UploadedImage>();
        var unexpected = new List<string>();
        var tooLarge = new List<UploadedFileTooLarge>();
        foreach (var file in form.Files)
        {
            if (file.Length == 0)
            {
                continue; // an empty file input in a browser form means "not given"
            }

            var name = file.Name;
            int? position = name.StartsWith("finger", StringComparison.Ordinal) &&
                int.TryParse(name.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : null;
            if (name is not ("photo" or "signature") && position is null)
            {
                unexpected.Add(name);
                continue;
            }

            if (position is < 1 or > FingerCount || (position is not null && fingers.ContainsKey(position.Value)))
            {
                unexpected.Add(name);
                continue;
            }

            if (file.Length > maxImageBytes)
            {
                tooLarge.Add(new UploadedFileTooLarge(name, file.Length));
                continue;
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            var image = new UploadedImage(name, file.FileName, file.ContentType ?? "", buffer.ToArray());
            switch (name)
            {
                case "photo": photo = image; break;
                case "signature": signature = image; break;
                default: fingers[position!.Value] = image; break;
            }
        }

        var dpi = Field(form, "dpi") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0
            : (int?)null;
        return new EnrollmentSubmission(
            Field(form, "nik"), Field(form, "location"), Field(form, "operator"),
            photo, signature, fingers, Field(form, "missing"), unexpected, tooLarge)
        { Dpi = dpi };
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
}

internal sealed record UploadedImage(string Field, string FileName, string ContentType, byte[] Content);

internal sealed record UploadedFileTooLarge(string Field, long Length);

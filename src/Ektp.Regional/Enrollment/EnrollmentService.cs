using System.Globalization;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Faces;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Enrollment;

/// <summary>
/// Records one resident (perekaman): checks every rule first, then writes the enrollment, its immutable packet, the
/// outbox row and the status change to BIO_CAPTURED in one SaveChanges — either all of it is stored or nothing.
/// </summary>
internal sealed partial class EnrollmentService(
    RegionalDbContext db,
    RegionalSettings settings,
    RegionalInfo region,
    TimeProvider clock,
    FaceDetector faces,
    AuditTrail audit,
    DataCipher cipher,
    ILogger<EnrollmentService> logger)
{
    public async Task<EnrollmentOutcome> EnrollAsync(EnrollmentSubmission submission, CancellationToken ct)
    {
        var refusal = CheckForm(submission, out var location, out var missing);
        if (refusal is not null)
        {
            return refusal;
        }

        var images = new Dictionary<string, (UploadedImage Upload, DecodedImageInfo Info)>(StringComparer.Ordinal);
        foreach (var upload in AllImages(submission))
        {
            var info = ImageCheck.Inspect(upload.Content);
            if (info is null)
            {
                return Refuse(StatusCodes.Status422UnprocessableEntity, "image-invalid",
                    "A file is not a readable image.",
                    $"The file in '{upload.Field}' ({upload.FileName}) is not a PNG, JPEG or BMP image, or it is damaged.");
            }

            images[upload.Field] = (upload, info);
        }

        if (ImageCheck.Face(faces, submission.Photo!.Content) is { } faceRefusal)
        {
            return faceRefusal;
        }

        var templates = new SortedDictionary<int, FingerprintTemplate>();
        foreach (var (position, upload) in submission.Fingers)
        {
            var (template, fingerRefusal) = ExtractFinger(position, upload, submission.Dpi ?? settings.FingerprintDpi);
            if (fingerRefusal is not null)
            {
                return fingerRefusal;
            }

            templates[position] = template!;
        }

        var record = await db.Residents.SingleOrDefaultAsync(r => r.Nik == submission.Nik, ct);
        if (record is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "resident-unknown", "No resident has this NIK.",
                $"NIK {submission.Nik} is not in the registry of {region.Name}. Check the number or register the resident first.");
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var age = WajibKtp.AgeOn(record.BirthDate, today);
        if (age < settings.MinimumRecordingAge && record.MaritalStatus == MaritalStatus.BelumKawin)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "resident-too-young",
                "The resident is too young to be recorded.",
                $"The resident is {age} and unmarried; this office records from age {settings.MinimumRecordingAge} " +
                $"(from {WajibKtp.BirthdayAt(record.BirthDate, settings.MinimumRecordingAge):yyyy-MM-dd}).");
        }

        if (record.Status is not (RecordStatus.Unregistered or RecordStatus.EnrollFailureAtCentral))
        {
            return Refuse(StatusCodes.Status409Conflict, "already-recorded", "The resident is already recorded.",
                $"The record of NIK {record.Nik} is {RecordLifecycle.Code(record.Status)} since " +
                $"{record.StatusSince:yyyy-MM-dd HH:mm} UTC; a second recording is not needed.");
        }

        var enrollmentId = Guid.CreateVersion7(now);
        var packetId = Guid.CreateVersion7(now);
        var header = new PacketHeader(packetId, enrollmentId, region.Digits, region.OfficeName, submission.Operator!,
            settings.Device, now, location.ToString().ToLowerInvariant(), record.Nik);
        var parts = new List<PacketPart>
        {
            new("demographics.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(record.ToResident(), PacketBuilder.Json)),
        };
        foreach (var (field, (upload, info)) in images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            parts.Add(new PacketPart(PartName(field, info.Extension), info.ContentType, upload.Content));
        }

        foreach (var (position, template) in templates)
        {
            parts.Add(new PacketPart($"templates/{position:00}.tpl", TemplateContentType, template.ToBytes()));
        }

        if (missing.Count > 0)
        {
            parts.Add(new PacketPart("missing-fingers.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(missing, PacketBuilder.Json)));
        }

        var packet = PacketBuilder.Build(header, parts);
        var nowUtc = now.UtcDateTime;
        db.Enrollments.Add(new EnrollmentRecord
        {
            Id = enrollmentId,
            Nik = record.Nik,
            PacketId = packetId,
            Location = location,
            Operator = submission.Operator!,
            Office = region.OfficeName,
            RecordedAt = nowUtc,
            FingersCaptured = submission.Fingers.Count,
            MissingFingers = submission.Missing,
            MinFingerQuality = templates.Count == 0 ? null : templates.Values.Min(t => t.Quality),
        });
        db.Packets.Add(new PacketRecord
        {
            Id = packetId,
            EnrollmentId = enrollmentId,
            Nik = record.Nik,
            CreatedAt = nowUtc,
            Sha256 = packet.Sha256,
            Size = packet.Content.LongLength,
            Content = cipher.SealPacket(packetId, packet.Content),
        });
        db.Outbox.Add(new OutboxEntry { PacketId = packetId, CreatedAt = nowUtc, State = OutboxState.Pending });
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = record.Nik,
            From = record.Status,
            To = RecordStatus.BioCaptured,
            At = nowUtc,
            Reason = $"Recorded at {location.ToString().ToLowerInvariant()} by {submission.Operator}",
            By = submission.Operator,
        });
        record.Status = RecordStatus.BioCaptured;
        record.StatusSince = nowUtc;
        record.StatusReason = null;
        record.RecordedAt = nowUtc;
        record.RecordedWhere = location;
        record.UpdatedAt = nowUtc;

        try
        {
            // The recording and its audit entry in one SaveChanges: both are stored, or neither.
            await audit.SaveChangesAsync(new AuditEvent(AuditActions.EnrollmentRecord, record.Nik,
                $"packet {packetId}, {location.ToString().ToLowerInvariant()}"), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another operator recorded the same person a moment earlier; that recording stands.
            return Refuse(StatusCodes.Status409Conflict, "already-recorded", "The resident is already recorded.",
                $"NIK {record.Nik} was recorded by another operator at the same moment.");
        }

        LogEnrolled(logger, packetId, region.Digits, location);
        return new EnrollmentOutcome.Recorded(enrollmentId, packetId, record.Nik, RecordLifecycle.Code(record.Status),
            now, packet.Sha256, packet.Content.LongLength);
    }

    public const string TemplateContentType = "application/vnd.ektp.fingerprint-template";

    /// <summary>
    /// Extracts one finger and applies the quality gate, so a poor capture is retaken while the person is still
    /// at the desk rather than discovered at the centre.
    /// </summary>
    private static (FingerprintTemplate? Template, EnrollmentOutcome.Refused? Refusal) ExtractFinger(int position,
        UploadedImage upload, int dpi)
    {
        FingerprintTemplate template;
        try
        {
            template = FingerprintTemplate.Extract(FingerprintImage.Decode(upload.Content, dpi));
        }
        catch (FingerprintImageException ex)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, "finger-image-invalid",
                "A fingerprint image cannot be used.",
                $"Finger {position} ({FingerName(position)}): {ex.Message}"));
        }

        var reason = FingerprintQuality.RejectionReason(template);
        return reason is null
            ? (template, null)
            : (null, Refuse(StatusCodes.Status422UnprocessableEntity, "finger-quality-low",
                "A fingerprint must be captured again.",
                $"Finger {position} ({FingerName(position)}), quality {template.Quality}/100: {reason}"));
    }

    private static EnrollmentOutcome.Refused? CheckForm(EnrollmentSubmission s, out RecordingLocation location,
        out Dictionary<int, string> missing)
    {
        location = default;
        missing = [];
        if (s.Nik is null || !Nik.TryCreate(s.Nik, out _))
        {
            return Refuse(StatusCodes.Status400BadRequest, "nik-malformed", "The NIK is missing or malformed.",
                "Give the resident's 16-digit NIK in the field 'nik'.");
        }

        if (s.Location is null || !TryParseLocation(s.Location, out location))
        {
            return Refuse(StatusCodes.Status400BadRequest, "location-invalid", "The recording location is not valid.",
                "The field 'location' must be one of: office, kecamatan, school, prison, company, village, home.");
        }

        if (s.Dpi is < 250 or > 1000)
        {
            return Refuse(StatusCodes.Status400BadRequest, "dpi-invalid", "The scanner resolution is not plausible.",
                $"'dpi' is {s.Dpi}; fingerprint scanners work between 250 and 1000 dpi (usually 500).");
        }

        if (s.Operator is null || s.Operator.Length > 80)
        {
            return Refuse(StatusCodes.Status400BadRequest, "operator-missing", "The operator is not named.",
                "Give the operator's user name (at most 80 characters) in the field 'operator'.");
        }

        if (s.UnexpectedFiles.Count > 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, "too-many-fingers", "More fingers or files than expected.",
                $"Unexpected file fields: {string.Join(", ", s.UnexpectedFiles)}. A person has ten fingers, sent as " +
                "finger1 (right thumb) … finger10 (left little finger), each at most once, plus photo and signature.");
        }

        if (s.TooLarge.Count > 0)
        {
            var first = s.TooLarge[0];
            return Refuse(StatusCodes.Status413PayloadTooLarge, "image-too-large", "An image is larger than 2 MB.",
                $"The file in '{first.Field}' has {first.Length:N0} bytes; every image must be at most 2 MB.");
        }

        if (s.Photo is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "photo-missing", "The photo is missing.",
                "Send the resident's photo in the field 'photo'.");
        }

        if (s.Signature is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "signature-missing", "The signature is missing.",
                "Send the resident's signature in the field 'signature'.");
        }

        if (!TryParseMissing(s.Missing, missing, out var missingError))
        {
            return Refuse(StatusCodes.Status400BadRequest, "missing-fingers-malformed",
                "The list of missing fingers is malformed.", missingError);
        }

        for (var position = 1; position <= EnrollmentSubmission.FingerCount; position++)
        {
            var given = s.Fingers.ContainsKey(position);
            var declared = missing.ContainsKey(position);
            if (given && declared)
            {
                return Refuse(StatusCodes.Status400BadRequest, "finger-given-and-missing",
                    "A finger is both given and declared missing.",
                    $"Finger {position} ({FingerName(position)}) was sent as an image and also listed in 'missing'.");
            }

            if (!given && !declared)
            {
                return Refuse(StatusCodes.Status400BadRequest, "finger-undeclared",
                    "A finger is neither given nor declared missing.",
                    $"Finger {position} ({FingerName(position)}) has no image. Capture it, or declare it in 'missing' " +
                    $"as {position}:reason (for example {position}:amputated).");
            }
        }

        return null;
    }

    /// <summary>Parses `N:reason,N:reason`, positions 1–10, each once, reasons non-empty.</summary>
    internal static bool TryParseMissing(string? text, Dictionary<int, string> missing, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == item.Length - 1 ||
                !int.TryParse(item.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var position) ||
                position is < 1 or > EnrollmentSubmission.FingerCount)
            {
                error = $"'{item}' is not of the form N:reason with N from 1 to 10.";
                return false;
            }

            if (!missing.TryAdd(position, item[(colon + 1)..].Trim()))
            {
                error = $"Finger {position} is declared missing twice.";
                return false;
            }
        }

        return true;
    }

    internal static bool TryParseLocation(string text, out RecordingLocation location) =>
        Enum.TryParse(text, ignoreCase: true, out location) && Enum.IsDefined(location) &&
        !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    internal static string FingerName(int position) => position switch
    {
        1 => "right thumb",
        2 => "right index",
        3 => "right middle",
        4 => "right ring",
        5 => "right little",
        6 => "left thumb",
        7 => "left index",
        8 => "left middle",
        9 => "left ring",
        10 => "left little",
        _ => "unknown",
    };

    private static IEnumerable<UploadedImage> AllImages(EnrollmentSubmission s)
    {
        yield return s.Photo!;
        yield return s.Signature!;
        foreach (var finger in s.Fingers.OrderBy(f => f.Key))
        {
            yield return finger.Value;
        }
    }

    private static string PartName(string field, string extension) => field switch
    {
        "photo" or "signature" => $"{field}.{extension}",
        _ => $"fingers/{int.Parse(field.AsSpan(6), CultureInfo.InvariantCulture):00}.{extension}",
    };

    private static EnrollmentOutcome.Refused Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Enrollment recorded as packet {PacketId} in region {RegionCode} at {Location}")]
    private static partial void LogEnrolled(ILogger logger, Guid packetId, string regionCode, RecordingLocation location);
}

internal abstract record EnrollmentOutcome
{
    public sealed record Recorded(Guid EnrollmentId, Guid PacketId, string Nik, string Status, DateTimeOffset RecordedAt,
        string PacketSha256, long PacketSize) : EnrollmentOutcome;

    public sealed record Refused(int Status, string Code, string Title, string Detail) : EnrollmentOutcome;
}

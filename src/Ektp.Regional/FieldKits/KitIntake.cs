using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.FieldKits;

/// <summary>
/// A regional server's side of the resumable upload from its field kits (Hosting's
/// <see cref="ResumableUploads{TReceiver}"/>). A complete envelope is verified like the centre verifies one (a
/// registered, unrevoked kit; this region; the kit's signature; decryption with this server's key; the manifest),
/// then applied as if recorded at the office: the enrollment (with the kit's location, device, operator and time),
/// the packet itself — same id, same bytes — queued in the outbox towards the centre, and the move to BIO_CAPTURED,
/// all in one transaction with the <see cref="KitPacketRecord"/> that makes a repeated upload harmless. When the
/// resident's record changed here meanwhile (recorded elsewhere, biodata corrected), the packet is set aside with the
/// reason instead, for the supervisor, and the kit is told with a `record-changed` problem.
/// </summary>
internal sealed partial class KitIntake(
    RegionalDbContext db,
    RegionalKeys keys,
    RegionalSettings settings,
    RegionalInfo region,
    TimeProvider clock,
    AuditTrail audit,
    DataCipher cipher,
    ILogger<KitIntake> logger) : IUploadReceiver
{
    public UploadLimits Limits { get; } =
        new(Path.Combine(settings.DataDir, "uploads"), settings.MaxKitPacketBytes, settings.MaxKitChunkBytes);

    public async Task<UploadOutcome?> FindAsync(Guid packetId, string? envelopeSha256, CancellationToken ct)
    {
        var known = await db.KitPackets().AsNoTracking().Where(p => p.PacketId == packetId)
            .Select(p => new { p.EnvelopeSha256, p.Size, p.ReceivedAt, p.State, p.Reason })
            .SingleOrDefaultAsync(ct);
        if (known is null)
        {
            // A packet id this office made itself is not a kit's to send.
            return await db.Packets.AnyAsync(p => p.Id == packetId, ct) ? Replay(packetId) : null;
        }

        if (envelopeSha256 is not null && known.EnvelopeSha256 != envelopeSha256)
        {
            return Replay(packetId);
        }

        return known.State == KitPacketState.SetAside
            ? SetAside(packetId, known.Reason ?? "")
            : new UploadOutcome.Received(packetId, known.Size, known.ReceivedAt, AlreadyHad: true);
    }

    public async Task<PendingUpload?> FindPendingAsync(Guid packetId, CancellationToken ct) =>
        await db.KitUploads().AsNoTracking().Where(u => u.PacketId == packetId)
            .Select(u => new PendingUpload(u.PacketId, u.Size, u.EnvelopeSha256)).SingleOrDefaultAsync(ct);

    public async Task ReplacePendingAsync(PendingUpload upload, CancellationToken ct)
    {
        await db.KitUploads().Where(u => u.PacketId == upload.PacketId).ExecuteDeleteAsync(ct);
        db.KitUploads().Add(new KitUploadRecord
        {
            PacketId = upload.PacketId,
            Size = upload.Size,
            EnvelopeSha256 = upload.EnvelopeSha256,
            StartedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemovePendingAsync(Guid packetId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await db.KitUploads().Where(u => u.PacketId == packetId).ExecuteDeleteAsync(ct);
    }

    public async Task<UploadOutcome> AcceptAsync(PendingUpload upload, byte[] envelope, UploadOutcome.Refused? refused,
        string remote, CancellationToken ct)
    {
        var outcome = refused ?? await VerifyAndApplyAsync(upload, envelope, ct);
        switch (outcome)
        {
            case UploadOutcome.Refused { Code: "record-changed" }:
                LogSetAside(logger, upload.PacketId); // the reason names the resident: the supervisor's page shows it
                break;
            case UploadOutcome.Refused refusal:
                LogRefused(logger, upload.PacketId, refusal.Code, remote);
                break;
            default:
                LogApplied(logger, upload.PacketId, envelope.Length);
                break;
        }

        return outcome;
    }

    private async Task<UploadOutcome> VerifyAndApplyAsync(PendingUpload upload, byte[] envelope, CancellationToken ct)
    {
        ParsedEnvelope parsed;
        VerifiedPacket packet;
        FieldKitRecord? kit;
        try
        {
            parsed = PacketEnvelope.Parse(envelope);
            if (parsed.Header.PacketId != upload.PacketId)
            {
                throw new EnvelopeException("packet-id-mismatch", "The envelope carries another packet id than declared.");
            }

            kit = await db.FieldKits().AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == parsed.Header.SenderKeyId, ct);
            if (kit is null)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-sender-unknown", "The sending field kit is not registered.",
                    $"No field kit with key {parsed.Header.SenderKeyId} is registered here (ektp regional add-office).",
                    upload.PacketId);
            }

            if (kit.RevokedAt is not null)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-sender-revoked", "The sending field kit's key is revoked.",
                    $"The key of {kit.Name} was revoked on {kit.RevokedAt:yyyy-MM-dd}.", upload.PacketId);
            }

            if (parsed.Header.RegionCode != region.Digits)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-region-mismatch",
                    "The packet's region is not this regional server's.",
                    $"A packet for region {parsed.Header.RegionCode} was sent to the regional server of {region.Digits}.",
                    upload.PacketId);
            }

            using var senderKey = ECDsa.Create();
            senderKey.ImportSubjectPublicKeyInfo(kit.PublicKey, out _);
            var plain = PacketEnvelope.Open(parsed, senderKey, keys.DecryptionKeys);
            packet = PacketReader.Read(plain);
            CheckManifest(packet, upload.PacketId);
            return await ApplyAsync(upload, parsed.Header, packet, plain, kit, ct);
        }
        catch (EnvelopeException ex)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, ex.Code, "The packet was refused.", ex.Message,
                upload.PacketId);
        }
    }

    /// <summary>What the regional server needs of a kit's packet to apply it, beyond what the centre checks.</summary>
    private void CheckManifest(VerifiedPacket packet, Guid packetId)
    {
        var header = packet.Manifest.Header;
        if (header.PacketId != packetId || header.RegionCode != region.Digits)
        {
            throw new EnvelopeException("packet-manifest-invalid",
                "The manifest names another packet or region than its signed envelope.");
        }

        if (PacketKinds.Of(header) != PacketKinds.Enrollment)
        {
            // A kit records residents; data changes are made and approved at the office.
            throw new EnvelopeException("packet-kind-unknown",
                $"A field kit sends enrollment packets only; this one is of kind '{header.Kind}'.");
        }

        if (!Nik.TryCreate(header.Nik, out _) || !RecordingLocations.TryParse(header.Location, out _) ||
            string.IsNullOrWhiteSpace(header.Operator) || header.Operator.Length > 80 ||
            string.IsNullOrWhiteSpace(header.Office) || header.Office.Length > 120 ||
            !packet.Parts.ContainsKey(Demographics))
        {
            throw new EnvelopeException("packet-manifest-invalid",
                "The manifest lacks a valid NIK, location, operator or office, or the packet has no demographics.json.");
        }
    }

    private async Task<UploadOutcome> ApplyAsync(PendingUpload upload, EnvelopeHeader envelope, VerifiedPacket packet,
        byte[] plain, FieldKitRecord kit, CancellationToken ct)
    {
        var header = packet.Manifest.Header;
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var recordedAt = header.RecordedAt.UtcDateTime;
            var ledger = new KitPacketRecord
            {
                PacketId = upload.PacketId,
                KitKeyId = kit.KeyId,
                EnvelopeSha256 = upload.EnvelopeSha256,
                PacketSha256 = envelope.PacketSha256,
                Nik = header.Nik,
                RecordedAt = recordedAt,
                ReceivedAt = now,
                Size = upload.Size,
                State = KitPacketState.Applied,
            };
            db.KitPackets().Add(ledger);
            var resident = await db.Residents.SingleOrDefaultAsync(r => r.Nik == header.Nik, ct);
            var conflict = Conflict(resident, packet.Parts[Demographics]);
            if (conflict is not null)
            {
                ledger.State = KitPacketState.SetAside;
                ledger.Reason = Trim($"{header.Nik} (recorded {recordedAt:yyyy-MM-dd HH:mm} UTC at " +
                    $"{header.Location} by {header.Operator}, {kit.Name}): {conflict}", 1000);
                ledger.Content = cipher.SealKitPacket(upload.PacketId, plain);
            }
            else
            {
                Record(resident!, header, packet, plain, envelope.PacketSha256, kit, now);
            }

            try
            {
                // Applied or set aside, with its audit entry in the same SaveChanges; the kit is the actor (its
                // operator's name is the kit's word, so it goes to the detail).
                await audit.SaveChangesAsync(audit.Actor.As("kit:" + kit.Name, ""), new AuditEvent(
                    AuditActions.EnrollmentReceive, header.Nik, conflict is null
                        ? $"packet {upload.PacketId} recorded by {header.Operator} at {header.Location}"
                        : $"packet {upload.PacketId} set aside"), ct);
                return conflict is null
                    ? new UploadOutcome.Received(upload.PacketId, upload.Size, now, AlreadyHad: false)
                    : SetAside(upload.PacketId, ledger.Reason!);
            }
            catch (DbUpdateConcurrencyException) when (attempt == 1)
            {
                // The resident's record changed this very moment (an operator recorded them): decide again.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                // The same packet id was stored a moment earlier: answer as for that one.
                db.ChangeTracker.Clear();
                return await FindAsync(upload.PacketId, upload.EnvelopeSha256, ct) ?? throw new InvalidOperationException(
                    $"Packet {upload.PacketId} could not be stored, and no earlier copy exists.");
            }
        }
    }

    /// <summary>Why the packet cannot be applied to the registry as it stands now, or null when it can.</summary>
    private static string? Conflict(ResidentRecord? resident, byte[] demographics)
    {
        if (resident is null)
        {
            return "the NIK is not in this registry.";
        }

        if (resident.Status is not (RecordStatus.Unregistered or RecordStatus.EnrollFailureAtCentral))
        {
            return $"the record is {RecordLifecycle.Code(resident.Status)} since {resident.StatusSince:yyyy-MM-dd HH:mm} " +
                   $"UTC{(resident.StatusReason is { } why ? $" ({why})" : "")}; it was recorded elsewhere meanwhile.";
        }

        var changed = ChangedFields(JsonSerializer.SerializeToUtf8Bytes(resident.ToResident(), PacketBuilder.Json),
            demographics);
        return changed.Count == 0
            ? null
            : $"the biodata changed at the regional server since the kit copied it ({string.Join(", ", changed)}); " +
              "record the resident again with the current biodata.";
    }

    /// <summary>The top-level JSON properties whose values differ (demographics.json as written by the packet).</summary>
    internal static List<string> ChangedFields(byte[] current, byte[] recorded)
    {
        try
        {
            using var now = JsonDocument.Parse(current);
            using var then = JsonDocument.Parse(recorded);
            if (then.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ["demographics.json"];
            }

            var names = now.RootElement.EnumerateObject().Select(p => p.Name)
                .Union(then.RootElement.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
            return [.. names.Where(name =>
                !(now.RootElement.TryGetProperty(name, out var a) && then.RootElement.TryGetProperty(name, out var b) &&
                  JsonElement.DeepEquals(a, b)))];
        }
        catch (JsonException)
        {
            return ["demographics.json"];
        }
    }

    /// <summary>Writes what an enrollment at the office writes (EnrollmentService), from the kit's packet.</summary>
    private void Record(ResidentRecord resident, PacketHeader header, VerifiedPacket packet, byte[] plain,
        string packetSha256, FieldKitRecord kit, DateTime now)
    {
        var location = RecordingLocations.TryParse(header.Location, out var parsed) ? parsed : RecordingLocation.Office;
        var recordedAt = header.RecordedAt.UtcDateTime;
        var templates = packet.Parts.Where(p => p.Key.StartsWith("templates/", StringComparison.Ordinal)).ToList();
        db.Enrollments.Add(new EnrollmentRecord
        {
            Id = header.EnrollmentId,
            Nik = resident.Nik,
            PacketId = header.PacketId,
            Location = location,
            Operator = header.Operator,
            Office = header.Office,
            RecordedAt = recordedAt,
            FingersCaptured = templates.Count,
            MissingFingers = MissingFingers(packet),
            MinFingerQuality = MinQuality(templates.Select(t => t.Value)),
        });
        db.Packets.Add(new PacketRecord
        {
            Id = header.PacketId,
            EnrollmentId = header.EnrollmentId,
            Nik = resident.Nik,
            CreatedAt = recordedAt,
            Sha256 = packetSha256,
            Size = plain.LongLength,
            Content = cipher.SealPacket(header.PacketId, plain),
        });
        db.Outbox.Add(new OutboxEntry { PacketId = header.PacketId, CreatedAt = recordedAt, State = OutboxState.Pending });
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = resident.Nik,
            From = resident.Status,
            To = RecordStatus.BioCaptured,
            At = recordedAt,
            Reason = Trim($"Recorded at {location.ToCode()} by {header.Operator} with field kit {kit.Name} " +
                          $"(device {header.Device}); received from the kit {now:yyyy-MM-dd HH:mm} UTC", 500),
            By = Trim(header.Operator, 80),
        });
        resident.Status = RecordStatus.BioCaptured;
        resident.StatusSince = recordedAt;
        resident.StatusReason = null;
        resident.RecordedAt = recordedAt;
        resident.RecordedWhere = location;
        resident.UpdatedAt = now;
    }

    private static string? MissingFingers(VerifiedPacket packet)
    {
        if (!packet.Parts.TryGetValue("missing-fingers.json", out var json))
        {
            return null;
        }

        try
        {
            var missing = JsonSerializer.Deserialize<Dictionary<int, string>>(json, PacketBuilder.Json);
            return missing is null or { Count: 0 }
                ? null
                : Trim(string.Join(',', missing.OrderBy(m => m.Key).Select(m => $"{m.Key}:{m.Value}")), 400);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? MinQuality(IEnumerable<byte[]> templates)
    {
        int? min = null;
        foreach (var bytes in templates)
        {
            try
            {
                var quality = FingerprintTemplate.FromBytes(bytes).Quality;
                min = min is null ? quality : Math.Min(min.Value, quality);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidDataException or FormatException)
            {
                // An unreadable template is the centre's to judge (templates-invalid); here it only lacks a score.
            }
        }

        return min;
    }

    private const string Demographics = "demographics.json";

    private static string Trim(string text, int max) => text.Length > max ? text[..max] : text;

    private static UploadOutcome.Refused Replay(Guid packetId) =>
        Refuse(StatusCodes.Status409Conflict, "packet-replay", "This packet id was already received with other content.",
            $"Packet {packetId} is stored with a different hash; a packet is immutable and its id is never reused.",
            packetId);

    private static UploadOutcome.Refused SetAside(Guid packetId, string reason) =>
        Refuse(StatusCodes.Status409Conflict, "record-changed", "The packet was set aside at the regional server.",
            reason, packetId);

    private static UploadOutcome.Refused Refuse(int status, string code, string title, string detail, Guid packetId) =>
        new(status, code, title, detail, packetId);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Field kit packet {PacketId} applied ({Size} bytes) and queued for the centre")]
    private static partial void LogApplied(ILogger logger, Guid packetId, int size);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Field kit packet {PacketId} refused: {Code} (from {RemoteAddress})")]
    private static partial void LogRefused(ILogger logger, Guid packetId, string code, string remoteAddress);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Field kit packet {PacketId} set aside for the supervisor (reason on the queue page)")]
    private static partial void LogSetAside(ILogger logger, Guid packetId);
}

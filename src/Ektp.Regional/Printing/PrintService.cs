using System.Globalization;
using System.Security.Cryptography;
using Ektp.Biometrics;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Faces;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace Ektp.Regional.Printing;

/// <summary>
/// Prints the next card of the queue. A print is one SaveChanges: the resident's PRINT_READY_RECORD → PRINTED (the
/// status is a concurrency token), the blank taken from stock (the delivery's NextSerial is a concurrency token and
/// the serial is the key of its use row), the card with its signed chip, and the status event. Two operators who
/// reach for the same record at the same moment: one wins, the other's save fails and it simply takes the next one
/// — so no record is printed twice and the queue's order is the order of printing.
/// </summary>
internal sealed partial class PrintService(
    RegionalDbContext db,
    PrintQueue queue,
    BlankStock stock,
    PrintOffices offices,
    RegionalInfo region,
    RegionCatalog regions,
    RegionalKeys keys,
    TimeProvider clock,
    AuditTrail audit,
    DataCipher cipher,
    ILogger<PrintService> logger)
{
    /// <summary>How often a printer goes back to the queue after another printer took its record first.</summary>
    public const int MaxAttempts = 25;

    /// <summary>Fingers written to the chip, in order of preference: right and left index, then thumbs, ….</summary>
    private static readonly int[] ChipFingers = [2, 7, 1, 6, 3, 8, 4, 9, 5, 10];

    public async Task<Outcome<CardRecord>> PrintNextAsync(string? office, string? operatorName, CancellationToken ct)
    {
        office = string.IsNullOrWhiteSpace(office) ? offices.Main : office.Trim();
        if (!offices.IsValid(office))
        {
            return Refuse(400, "office-unknown", "Unknown office.",
                $"'{office}' is not an office of this kab/kota: give {offices.Main} or a 6-digit kecamatan code.");
        }

        if (string.IsNullOrWhiteSpace(operatorName) || operatorName.Length > 80)
        {
            return Refuse(400, "operator-missing", "The operator is not named.",
                "Give the operator's user name (at most 80 characters) in 'operator'.");
        }

        using var centreKey = keys.LoadCentralSigningKey();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            var snapshot = await queue.LoadAsync(ct);
            var next = snapshot.Printable.FirstOrDefault();
            if (next is null)
            {
                var waiting = snapshot.Entries.Count(e => e.State == QueueEntryState.WaitingForAge);
                return Refuse(409, "print-queue-empty", "Nothing to print.",
                    waiting > 0
                        ? $"No record can be printed now; {waiting} wait for their 17th birthday, and held records " +
                          "wait for the supervisor."
                        : "No record with a verified print permit is waiting.");
            }

            var blank = await stock.TakeAsync(office, ct);
            if (blank is null)
            {
                LogOutOfStock(logger, office);
                return Refuse(409, "blank-stock-out", "Printing stopped: no blank cards left.",
                    $"{offices.NameOf(office)} has no blank e-KTP cards (blangko) left. Record a delivery of blanks " +
                    "(POST /api/printing/stock/deliveries, or the Blangko page) and print again.");
            }

            var claim = await ClaimAsync(next, office, operatorName.Trim(), blank.Value.Delivery, blank.Value.Serial,
                centreKey, ct);
            if (claim.Card is null && claim.Hold is null)
            {
                continue; // taken by another printer between reading the queue and loading the record
            }

            if (claim.Hold is { } why)
            {
                // Not printable: hold it in its place with the reason, and go on with the next one.
                db.ChangeTracker.Clear();
                await HoldAsync(next.Nik, why, ct);
                continue;
            }

            try
            {
                // The print and its audit entry in one SaveChanges.
                await audit.SaveChangesAsync(new AuditEvent(AuditActions.CardPrint, claim.Card!.Nik,
                    $"card {claim.Card.Id}, blank {blank.Value.Serial}, office {office}"), ct);
                LogPrinted(logger, claim.Card!.Id, blank.Value.Serial, office);
                return claim.Card;
            }
            catch (DbUpdateException)
            {
                // Another printer took this record or this blank a moment earlier: try the queue again.
                LogLostRace(logger, attempt);
            }
        }

        return Refuse(503, "print-busy", "The printers are very busy.",
            $"Another printer took the next record {MaxAttempts} times in a row; try again.");
    }

    private async Task<(CardRecord? Card, string? Hold)> ClaimAsync(QueueEntry next, string office, string operatorName,
        BlankDelivery delivery, long serial, ECDsa? centreKey, CancellationToken ct)
    {
        var resident = await db.Residents.SingleOrDefaultAsync(r => r.Nik == next.Nik, ct);
        if (resident is null || resident.Status != RecordStatus.PrintReadyRecord)
        {
            return (null, null);
        }

        var permits = await db.Permits.AsNoTracking().Where(p => p.Nik == next.Nik && p.Verified)
            .OrderByDescending(p => p.Sequence).ToListAsync(ct);
        PermitRecord? permit = null;
        string? problem = "no verified permit";
        foreach (var candidate in permits)
        {
            problem = PermitCheck.Problem(centreKey, candidate, next.Nik, region.Digits);
            if (problem is null)
            {
                permit = candidate;
                break;
            }
        }

        if (permit is null)
        {
            LogPermitRefused(logger, permits.FirstOrDefault()?.PacketId ?? Guid.Empty, problem!);
            return (null, $"Print permit refused at the printer: {problem}.");
        }

        var packet = await db.Packets.AsNoTracking().Where(p => p.Id == permit.PacketId)
            .Select(p => p.Content).SingleOrDefaultAsync(ct);
        var parts = packet is null ? null : ReadPacket(cipher.OpenPacket(permit.PacketId, packet));
        if (parts is null)
        {
            return (null, "The permit's packet (photo, signature, fingerprints) is missing or unreadable.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var cardId = Guid.CreateVersion7(clock.GetUtcNow());
        var chip = BuildChip(resident, cardId, serial, DateOnly.FromDateTime(now), office, parts);
        if (chip is null)
        {
            return (null, "The recorded photo cannot be read.");
        }

        var chipBytes = chip.ToBytes();
        var officeKey = keys.Office;
        var qr = CardQr.Create(new QrPayload(resident.Nik, resident.Name,
            resident.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), serial,
            chip.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), region.Digits, chip.OfficeKeyId,
            Convert.ToHexStringLower(SHA256.HashData(chipBytes))), officeKey);
        var card = new CardRecord
        {
            Id = cardId,
            Nik = resident.Nik,
            PacketId = permit.PacketId,
            BlankSerial = serial,
            Office = office,
            PrintedAt = now,
            PrintedBy = operatorName,
            State = CardState.Printed,
            SuggestedDelivery = resident.RecordedWhere switch
            {
                RecordingLocation.School => DeliveryKind.School,
                RecordingLocation.Home => DeliveryKind.Home,
                RecordingLocation.Kecamatan => DeliveryKind.Kecamatan,
                _ => DeliveryKind.Office,
            },
            Chip = cipher.SealChip(cardId, chipBytes),
            ChipSignature = ChipContent.Sign(chipBytes, officeKey),
            QrText = qr,
        };
        db.Cards.Add(card);
        db.BlankUses.Add(new BlankUse
        {
            Serial = serial,
            DeliveryId = delivery.Id,
            Office = office,
            Kind = BlankUseKind.Printed,
            CardId = cardId,
            At = now,
            By = operatorName,
        });
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = resident.Nik,
            From = resident.Status,
            To = RecordStatus.Printed,
            At = now,
            Reason = $"Printed on blank {serial} at {offices.NameOf(office)}",
            By = operatorName,
        });
        resident.Status = RecordStatus.Printed;
        resident.StatusSince = now;
        resident.StatusReason = null;
        resident.UpdatedAt = now;
        var resolved = await db.QueueExceptions.Where(e => e.Nik == resident.Nik && e.ResolvedAt == null)
            .ToListAsync(ct);
        foreach (var done in resolved)
        {
            done.ResolvedAt = now;
        }

        // A reprint (changed printed data, a damaged card handed in) replaces the card the resident holds: that
        // card is withdrawn, with the reason, and points at this one. The card's state is a concurrency token, so a
        // hand-over of the old card at this moment makes one of the two saves fail.
        var reprint = resolved.LastOrDefault(e => e.Kind == QueueExceptionKind.Reprint);
        foreach (var old in await db.Cards
                     .Where(c => c.Nik == resident.Nik && (c.State == CardState.Printed || c.State == CardState.Delivered))
                     .ToListAsync(ct))
        {
            old.State = CardState.Withdrawn;
            old.WithdrawnAt = now;
            old.WithdrawnBy = operatorName;
            old.WithdrawnReason = Trim($"Replaced by the card on blank {serial}" +
                                       (reprint is null ? "" : $": {reprint.Reason}"));
            old.ReplacedByCardId = cardId;
        }

        foreach (var lost in await db.Cards
                     .Where(c => c.Nik == resident.Nik && c.State == CardState.Withdrawn && c.ReplacedByCardId == null)
                     .ToListAsync(ct))
        {
            lost.ReplacedByCardId = cardId;
        }

        return (card, null);
    }

    /// <summary>
    /// A printed card jammed or came out damaged: its blank is recorded as spoiled with the reason, the card is void,
    /// and the record goes back to the front of the queue (a reprint exception with who and why).
    /// </summary>
    public async Task<Outcome<CardRecord>> SpoilCardAsync(Guid cardId, string? by, string? reason, CancellationToken ct)
    {
        if (BlankStock.CheckWhoWhy(by, reason) is { } refusal)
        {
            return refusal;
        }

        var card = await db.Cards.SingleOrDefaultAsync(c => c.Id == cardId, ct);
        if (card is null)
        {
            return Refuse(404, "card-unknown", "No such card.", $"No card has the id {cardId}.");
        }

        var resident = await db.Residents.SingleAsync(r => r.Nik == card.Nik, ct);
        if (card.State != CardState.Printed || resident.Status != RecordStatus.Printed ||
            !RecordLifecycle.CanMove(resident.Status, RecordStatus.PrintReadyRecord))
        {
            return Refuse(409, "card-not-spoilable", "This card cannot be recorded as spoiled.",
                $"Card {cardId} is {card.State.ToString().ToLowerInvariant()} and the record is " +
                $"{RecordLifecycle.Code(resident.Status)}; only a printed card not yet handed over can be spoiled.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var use = await db.BlankUses.SingleAsync(u => u.Serial == card.BlankSerial, ct);
        use.Kind = BlankUseKind.Spoiled;
        use.Reason = reason!.Trim();
        use.By = by!.Trim();
        use.At = now;
        card.State = CardState.Spoiled;
        card.SpoiledAt = now;
        card.SpoiledBy = by.Trim();
        card.SpoiledReason = reason.Trim();
        db.QueueExceptions.Add(new QueueException
        {
            Nik = card.Nik,
            Kind = QueueExceptionKind.Reprint,
            At = now,
            By = by.Trim(),
            Reason = $"Reprint: blank {card.BlankSerial} spoiled ({reason.Trim()})",
        });
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = card.Nik,
            From = resident.Status,
            To = RecordStatus.PrintReadyRecord,
            At = now,
            Reason = Trim($"Card on blank {card.BlankSerial} spoiled: {reason.Trim()}; printed again first"),
            By = by.Trim(),
        });
        resident.Status = RecordStatus.PrintReadyRecord;
        resident.StatusSince = now;
        resident.StatusReason = Trim($"Reprint after a spoiled card: {reason.Trim()}");
        resident.UpdatedAt = now;
        try
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActions.CardSpoil, card.Nik,
                $"card {card.Id}, blank {card.BlankSerial}"), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Refuse(409, "card-not-spoilable", "This card changed meanwhile.",
                $"Card {cardId} was handed over or spoiled by someone else a moment ago.");
        }

        return card;
    }

    /// <summary>A court order (or another documented order) puts a queued record at the front, with who and why.</summary>
    public async Task<Outcome<QueueExceptionView>> PrioritiseAsync(string nik, string? by, string? reason,
        CancellationToken ct)
    {
        if (!Nik.TryCreate(nik, out _))
        {
            return Refuse(400, "nik-malformed", "The NIK is malformed.", $"'{nik}' is not a 16-digit NIK.");
        }

        if (BlankStock.CheckWhoWhy(by, reason) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await queue.LoadAsync(ct);
        var entry = snapshot.Find(nik);
        if (entry is null)
        {
            return Refuse(409, "not-in-print-queue", "The record is not in the print queue.",
                $"NIK {nik} is not at PRINT_READY_RECORD with a verified permit; only queued records can be moved up.");
        }

        if (entry.Exception is { Kind: QueueExceptionKind.Priority or QueueExceptionKind.Reprint })
        {
            return Refuse(409, "already-prioritised", "The record is already at the front.",
                $"NIK {nik} is already ahead of the queue: {entry.Exception.Reason} (by {entry.Exception.By}).");
        }

        var exception = new QueueException
        {
            Nik = nik,
            Kind = QueueExceptionKind.Priority,
            At = clock.GetUtcNow().UtcDateTime,
            By = by!.Trim(),
            Reason = reason!.Trim(),
        };
        db.QueueExceptions.Add(exception);
        await audit.SaveChangesAsync(new AuditEvent(AuditActions.QueuePriority, nik), ct);
        return new QueueExceptionView(exception.Id, exception.Kind, exception.At, exception.By, exception.Reason);
    }

    /// <summary>Lifts a hold (after the supervisor fixed the permit or the packet): the record is printable again
    /// and is checked again at the printer.</summary>
    public async Task<Outcome<QueueExceptionView>> ReleaseHoldAsync(string nik, string? by, string? reason,
        CancellationToken ct)
    {
        if (BlankStock.CheckWhoWhy(by, reason) is { } refusal)
        {
            return refusal;
        }

        var hold = await db.QueueExceptions
            .Where(e => e.Nik == nik && e.Kind == QueueExceptionKind.Hold && e.ResolvedAt == null)
            .FirstOrDefaultAsync(ct);
        if (hold is null)
        {
            return Refuse(404, "hold-unknown", "The record is not held.", $"NIK {nik} has no hold to lift.");
        }

        hold.ResolvedAt = clock.GetUtcNow().UtcDateTime;
        hold.Reason = Trim($"{hold.Reason} — lifted by {by!.Trim()}: {reason!.Trim()}")!;
        await audit.SaveChangesAsync(new AuditEvent(AuditActions.QueueRelease, nik), ct);
        return new QueueExceptionView(hold.Id, hold.Kind, hold.At, hold.By, hold.Reason);
    }

    private async Task HoldAsync(string nik, string why, CancellationToken ct)
    {
        if (!await db.QueueExceptions.AnyAsync(
                e => e.Nik == nik && e.Kind == QueueExceptionKind.Hold && e.ResolvedAt == null, ct))
        {
            db.QueueExceptions.Add(new QueueException
            {
                Nik = nik,
                Kind = QueueExceptionKind.Hold,
                At = clock.GetUtcNow().UtcDateTime,
                By = "printer",
                Reason = Trim(why)!,
            });
            await db.SaveChangesAsync(ct);
        }

        db.ChangeTracker.Clear();
    }

    private static IReadOnlyDictionary<string, byte[]>? ReadPacket(byte[] packet)
    {
        try
        {
            return PacketReader.Read(packet).Parts;
        }
        catch (EnvelopeException)
        {
            return null;
        }
    }

    private ChipContent? BuildChip(ResidentRecord r, Guid cardId, long serial, DateOnly issuedOn, string office,
        IReadOnlyDictionary<string, byte[]> parts)
    {
        var photoPart = parts.FirstOrDefault(p => p.Key.StartsWith("photo.", StringComparison.Ordinal)).Value;
        var signaturePart = parts.FirstOrDefault(p => p.Key.StartsWith("signature.", StringComparison.Ordinal)).Value;
        var photo = photoPart is null ? null : CardPhoto.PrepareAroundFace(photoPart, FaceDetector.Shared);
        if (photo is null)
        {
            return null;
        }

        var fingers = new List<ChipFinger>();
        foreach (var position in ChipFingers)
        {
            if (fingers.Count == 2)
            {
                break;
            }

            if (parts.TryGetValue($"templates/{position:00}.tpl", out var template))
            {
                try
                {
                    fingers.Add(new ChipFinger(position, "iso19794-2:2005",
                        Convert.ToBase64String(FingerprintTemplate.FromBytes(template).ToIso19794())));
                }
                catch (Exception ex) when (ex is InvalidDataException or ArgumentException or FormatException)
                {
                    // A template that does not read is left off the chip; the next finger takes its place.
                }
            }
        }

        var kabKota = region.KabKota.Name.ToUpperInvariant();
        return new ChipContent
        {
            CardId = cardId,
            BlankSerial = serial,
            IssuedOn = issuedOn,
            IssuedAt = kabKota,
            Office = office,
            OfficeKeyId = PacketEnvelope.KeyId(keys.Office),
            Card = new CardFields(
                region.Province.Name.ToUpperInvariant(),
                kabKota,
                r.Nik,
                r.Name.ToUpperInvariant(),
                r.BirthPlace.ToUpperInvariant(),
                r.BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
                r.Sex.ToCardText(),
                r.BloodType.ToCardText(),
                r.Address.ToUpperInvariant(),
                $"{r.Rt:000}/{r.Rw:000}",
                (regions.Find(r.KelurahanCode)?.Name ?? r.KelurahanCode).ToUpperInvariant(),
                (regions.Find(r.KecamatanCode)?.Name ?? r.KecamatanCode).ToUpperInvariant(),
                r.Religion.ToCardText(),
                r.MaritalStatus.ToCardText(),
                r.Occupation.ToUpperInvariant(),
                r.Citizenship.ToCardText(),
                "SEUMUR HIDUP"),
            Photo = Convert.ToBase64String(photo),
            Signature = Convert.ToBase64String(PrepareSignature(signaturePart)),
            Fingers = fingers,
        };
    }

    /// <summary>The signature scaled into 420 × 240 px at most, as PNG (small enough for the chip).</summary>
    private static byte[] PrepareSignature(byte[]? signature)
    {
        using var bitmap = signature is null ? null : CardPhoto.Decode(signature);
        if (bitmap is null)
        {
            return [];
        }

        var scale = Math.Min(1f, Math.Min(420f / bitmap.Width, 240f / bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)));
        using var scaled = bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? bitmap.Copy();
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string? Trim(string? text, int max = 500) =>
        text is not null && text.Length > max ? text[..max] : text;

    private static Refusal Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Card {CardId} printed on blank {Serial} at office {Office}")]
    private static partial void LogPrinted(ILogger logger, Guid cardId, long serial, string office);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Print permit for packet {PacketId} refused at the printer: {Problem}; the record is held")]
    private static partial void LogPermitRefused(ILogger logger, Guid packetId, string problem);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Printing stopped at office {Office}: no blanks")]
    private static partial void LogOutOfStock(ILogger logger, string office);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug,
        Message = "Another printer took the next record first (attempt {Attempt}); back to the queue")]
    private static partial void LogLostRace(ILogger logger, int attempt);
}

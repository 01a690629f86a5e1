using System.Globalization;
using System.Text.Json;
using Ektp.Core.Changes;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Printing;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Changes;

/// <summary>
/// Data changes (perubahan data) and card reprints at the regional server: a request is checked against Core's
/// <see cref="ChangeRules"/> and kept as <c>requested</c>; a supervisor other than the requester approves or rejects
/// it. An approved data change updates the resident, keeps the value before and after, and queues a change packet
/// for the centre in the same transaction (as an enrollment writes its packet and outbox row); where a printed field
/// of an already printed card changed, the row asks for a reprint. Shared by the API and the operator pages.
/// </summary>
internal sealed partial class ChangeService(
    RegionalDbContext db,
    RegionalSettings settings,
    RegionalInfo region,
    TimeProvider clock,
    AuditTrail audit,
    DataCipher cipher,
    ILogger<ChangeService> logger)
{
    /// <summary>The fields of <see cref="ResidentField"/> printed on the e-KTP (education is not).</summary>
    public static readonly IReadOnlySet<ResidentField> PrintedFields = new HashSet<ResidentField>
    {
        ResidentField.Nik, ResidentField.Name, ResidentField.BirthPlace, ResidentField.BirthDate,
        ResidentField.Sex, ResidentField.BloodType, ResidentField.Religion, ResidentField.MaritalStatus,
        ResidentField.Occupation, ResidentField.Address,
    };

    /// <summary>The registry's column sizes (ResidentRecord), tighter than Core's 200 characters.</summary>
    private static readonly Dictionary<ResidentField, int> ColumnLimits = new()
    {
        [ResidentField.Name] = 120,
        [ResidentField.Occupation] = 80,
        [ResidentField.Address] = 200,
    };

    public async Task<ChangeResult> RequestAsync(string nik, ChangeRequestBody? body, CancellationToken ct)
    {
        if (!Nik.TryCreate(nik, out _))
        {
            return Refuse(StatusCodes.Status400BadRequest, "nik-malformed", "The NIK is missing or malformed.",
                $"'{nik}' is not a 16-digit NIK.");
        }

        if (body is null)
        {
            return Invalid("Send a JSON body with either field and newValue (a data change) or reprint (lost or " +
                           "damaged).");
        }

        var requestedBy = Clean(body.RequestedBy);
        if (requestedBy is null || requestedBy.Length > ChangeLimits.Person)
        {
            return Invalid(
                $"Give the operator's user name in 'requestedBy' (at most {ChangeLimits.Person} characters).");
        }

        if (TooLong(body.Note, ChangeLimits.Note, "note") is { } noteProblem)
        {
            return noteProblem;
        }

        var isData = !string.IsNullOrWhiteSpace(body.Field);
        if (isData == !string.IsNullOrWhiteSpace(body.Reprint))
        {
            return Invalid("Give either 'field' (a data change) or 'reprint' (lost or damaged card), not both.");
        }

        var resident = await db.Residents.AsNoTracking().SingleOrDefaultAsync(r => r.Nik == nik, ct);
        if (resident is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "resident-unknown", "No resident has this NIK.",
                $"NIK {nik} is not in the registry of {region.Name}.");
        }

        var now = clock.GetUtcNow();
        var (change, refusal) = isData
            ? CheckData(resident, body, requestedBy, now)
            : CheckReprint(resident, body, requestedBy, now);
        if (change is null)
        {
            return refusal!;
        }

        var pending = await db.ResidentChanges.AsNoTracking()
            .Where(c => c.Nik == nik && c.State == ChangeState.Requested && c.Kind == change.Kind &&
                        c.Field == change.Field)
            .OrderBy(c => c.RequestedAt).FirstOrDefaultAsync(ct);
        if (pending is not null)
        {
            return Refuse(StatusCodes.Status409Conflict, "change-pending", "The same change is already waiting.",
                $"Request {pending.Id} ({Describe(pending)}) by {pending.RequestedBy} of " +
                $"{pending.RequestedAt:yyyy-MM-dd HH:mm} UTC waits for a supervisor; decide it first.");
        }

        change.RequestedAccount = audit.Actor.User;
        db.ResidentChanges.Add(change);
        await audit.SaveChangesAsync(new AuditEvent(AuditActions.ChangeRequest, nik, What(change)), ct);
        LogRequested(logger, change.Id, change.Kind, change.Field);
        return new ChangeResult.Done(ChangeView.Of(change));
    }

    public async Task<ChangeResult> DecideAsync(Guid id, ChangeDecisionBody? body, CancellationToken ct)
    {
        var result = await DecideAndSaveAsync(id, body, ct);
        if (result is ChangeResult.Done { Change: var done })
        {
            // After the commit (an approval has a transaction of its own); written even if the caller hangs up.
            await audit.RecordAsync(new AuditEvent(done.State == "approved" ? AuditActions.ChangeApprove :
                AuditActions.ChangeReject, done.Nik, $"change {done.Id}"), CancellationToken.None);
        }

        return result;
    }

    /// <summary>The request's kind and field for the audit entry: never the values.</summary>
    private static string What(ResidentChange change) => change.Kind == ChangeKind.Data
        ? $"change {change.Id}: {ChangeView.Code(change.Field!.Value)}"
        : $"change {change.Id}: reprint, {change.ReprintReason.ToString()?.ToLowerInvariant()}";

    private async Task<ChangeResult> DecideAndSaveAsync(Guid id, ChangeDecisionBody? body, CancellationToken ct)
    {
        var approve = body?.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" or "approved" or "setuju" => true,
            "reject" or "rejected" or "tolak" => (bool?)false,
            _ => null,
        };
        if (approve is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "change-decision-invalid", "The decision is not valid.",
                "Send { \"decision\": \"approve\" | \"reject\", \"by\": supervisor, \"note\": why }.");
        }

        var by = Clean(body!.By);
        var note = Clean(body.Note);
        if (by is null || by.Length > ChangeLimits.Person)
        {
            return Refuse(StatusCodes.Status400BadRequest, "change-decision-invalid", "The supervisor is not named.",
                $"Give the supervisor's user name in 'by' (at most {ChangeLimits.Person} characters).");
        }

        if ((approve == false && note is null) || note?.Length > ChangeLimits.Note)
        {
            return Refuse(StatusCodes.Status400BadRequest, "change-decision-invalid", "The reason is missing.",
                $"A rejection needs the reason in 'note' (at most {ChangeLimits.Note} characters).");
        }

        var change = await db.ResidentChanges.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (change is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "change-unknown", "No change request has this id.",
                $"There is no change request {id}.");
        }

        if (change.State != ChangeState.Requested)
        {
            return AlreadyDecided(change);
        }

        // The signed-in accounts decide, not the typed names: a supervisor who requested under one name cannot
        // approve under another. The typed names are compared too, for requests from before accounts were recorded.
        var account = audit.Actor.User;
        if (string.Equals(by, change.RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "change-self-approval",
                "The requester cannot decide the request.",
                $"{by} requested this change; another officer (the supervisor) approves or rejects it.");
        }

        if (change.RequestedAccount is { } requester && string.Equals(account, requester, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "change-self-approval",
                "The requester cannot decide the request.",
                $"The account {account} sent this request; a supervisor signed in with another account approves or " +
                "rejects it.");
        }

        var now = clock.GetUtcNow();
        change.DecidedBy = by;
        change.DecidedAccount = account;
        change.DecidedAt = now.UtcDateTime;
        change.DecisionNote = note;
        if (approve == false)
        {
            change.State = ChangeState.Rejected;
            return await SaveDecisionAsync(change, ct);
        }

        var resident = await db.Residents.SingleAsync(r => r.Nik == change.Nik, ct);
        var loadedAt = resident.UpdatedAt;
        var refusal = change.Kind == ChangeKind.Data
            ? ApplyData(change, resident, by, now)
            : ApplyReprint(change, resident);
        if (refusal is not null)
        {
            return refusal;
        }

        if (change.ReprintRequested)
        {
            await QueueReprintAsync(change, resident, by, now.UtcDateTime, ct);
        }

        change.State = ChangeState.Approved;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Compare and set: the biodata must be as they were read, or another change (or a SIAK import) came between.
        var claimed = change.Kind != ChangeKind.Data || await db.Residents
            .Where(r => r.Nik == resident.Nik && r.UpdatedAt == loadedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, now.UtcDateTime), ct) == 1;
        if (!claimed)
        {
            return Refuse(StatusCodes.Status409Conflict, "change-resident-changed",
                "The resident changed while the request was decided.",
                $"The record of NIK {resident.Nik} was updated a moment ago; open it again and decide once more.");
        }

        var saved = await SaveDecisionAsync(change, ct);
        if (saved is ChangeResult.Done)
        {
            await transaction.CommitAsync(ct);
            LogApproved(logger, change.Id, change.PacketId, change.ReprintRequested);
        }

        return saved;
    }

    /// <summary>The resident's changes and reprint requests, newest first; null when the NIK is not
    /// registered.</summary>
    public async Task<List<ChangeView>?> HistoryAsync(string nik, CancellationToken ct)
    {
        if (!await db.Residents.AnyAsync(r => r.Nik == nik, ct))
        {
            return null;
        }

        var rows = await db.ResidentChanges.AsNoTracking().Where(c => c.Nik == nik).ToListAsync(ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.PersonRead, nik), ct);
        return [.. rows.OrderByDescending(c => c.RequestedAt).ThenByDescending(c => c.Id).Select(ChangeView.Of)];
    }

    /// <summary>Requests waiting for a supervisor, oldest first.</summary>
    public async Task<List<ChangeView>> PendingAsync(CancellationToken ct)
    {
        var rows = await db.ResidentChanges.AsNoTracking().Where(c => c.State == ChangeState.Requested)
            .OrderBy(c => c.RequestedAt).Take(500).ToListAsync(ct);
        return [.. rows.Select(ChangeView.Of)];
    }

    /// <summary>Parses a field name as the API and the form send it: `maritalStatus`, `marital-status`,
    /// `Name`.</summary>
    public static bool TryParseField(string? text, out ResidentField field)
    {
        field = default;
        var key = (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal);
        return key.Length > 0 && !key.All(char.IsAsciiDigit) && Enum.TryParse(key, ignoreCase: true, out field) &&
               Enum.IsDefined(field);
    }

    private static (ResidentChange? Change, ChangeResult.Refused? Refusal) CheckData(ResidentRecord resident,
        ChangeRequestBody body, string by, DateTimeOffset now)
    {
        if (!TryParseField(body.Field, out var field))
        {
            var fields = string.Join(", ", Enum.GetValues<ResidentField>().Select(f => ChangeView.Code(f)));
            return (null, Invalid($"'{body.Field}' is not a field of a resident; one of: {fields}."));
        }

        var court = body.CourtDecision;
        var (number, courtName) = (Clean(court?.Number), Clean(court?.Court));
        if ((TooLong(number, ChangeLimits.Reference, "courtDecision.number") ??
             TooLong(courtName, ChangeLimits.Court, "courtDecision.court") ??
             TooLong(body.Document, ChangeLimits.Document, "document")) is { } tooLong)
        {
            return (null, tooLong);
        }

        if (court?.Date is { } date && date > DateOnly.FromDateTime(now.UtcDateTime))
        {
            return (null, Invalid($"The court decision's date {date:yyyy-MM-dd} is in the future."));
        }

        if (ChangeRules.RequirementOf(field) == ChangeRequirement.CourtDecision)
        {
            var missing = new[]
                {
                    (number is null, "number"), (courtName is null, "court"), (court?.Date is null, "date"),
                }.Where(p => p.Item1).Select(p => p.Item2).ToList();
            if (missing.Count is > 0 and < 3)
            {
                return (null, Refuse(StatusCodes.Status422UnprocessableEntity, ChangeCodes.NeedsCourtDecision,
                    "The court decision is incomplete.",
                    $"A change of the {ChangeView.Code(field)} needs the court decision's number, court and date; " +
                    $"missing: {string.Join(", ", missing)}."));
            }
        }

        var request = CoreRequest(field, body.NewValue ?? "", number, courtName, court?.Date, Clean(body.Document));
        var outcome = ChangeRules.Apply(resident.ToResident(), request, now, by);
        if (!outcome.IsAllowed)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, outcome.Code!, Title(outcome.Code!),
                outcome.Reason!));
        }

        var record = outcome.Record!;
        if (ColumnLimits.TryGetValue(field, out var limit) && record.NewValue.Length > limit)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, ChangeCodes.InvalidValue,
                Title(ChangeCodes.InvalidValue),
                $"The new {ChangeView.Code(field)} is {record.NewValue.Length} characters long; the registry keeps " +
                $"at most {limit}."));
        }

        return (new ResidentChange
        {
            Id = Guid.CreateVersion7(now),
            Nik = resident.Nik,
            Kind = ChangeKind.Data,
            Field = field,
            OldValue = record.OldValue,
            NewValue = record.NewValue,
            CourtDecisionNumber = number,
            CourtName = courtName,
            CourtDecisionDate = court?.Date,
            DocumentReference = Clean(body.Document),
            Note = Clean(body.Note),
            State = ChangeState.Requested,
            RequestedBy = by,
            RequestedAt = now.UtcDateTime,
        }, null);
    }

    private static (ResidentChange? Change, ChangeResult.Refused? Refusal) CheckReprint(ResidentRecord resident,
        ChangeRequestBody body, string by, DateTimeOffset now)
    {
        ReprintReason? reason = body.Reprint?.Trim().ToLowerInvariant() switch
        {
            "lost" or "hilang" => ReprintReason.Lost,
            "damaged" or "rusak" => ReprintReason.Damaged,
            _ => null,
        };
        if (reason is null)
        {
            return (null, Invalid($"'reprint' is '{body.Reprint}'; it must be lost or damaged."));
        }

        var (police, damaged) = (Clean(body.PoliceReport), Clean(body.DamagedCard));
        if ((TooLong(police, ChangeLimits.Reference, "policeReport") ??
             TooLong(damaged, ChangeLimits.Document, "damagedCard")) is { } tooLong)
        {
            return (null, tooLong);
        }

        if (reason == ReprintReason.Lost && police is null)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, "change-needs-police-report",
                "A lost card is reprinted only with a police report.",
                "Give the number of the police report of the loss (surat keterangan kehilangan) in 'policeReport'."));
        }

        if (reason == ReprintReason.Damaged && damaged is null)
        {
            return (null, Refuse(StatusCodes.Status422UnprocessableEntity, "change-needs-damaged-card",
                "A damaged card is reprinted only when it is handed in.",
                "Take in the damaged card and record it (its serial or a description) in 'damagedCard'."));
        }

        if (NoCard(resident) is { } noCard)
        {
            return (null, noCard);
        }

        return (new ResidentChange
        {
            Id = Guid.CreateVersion7(now),
            Nik = resident.Nik,
            Kind = ChangeKind.Reprint,
            ReprintReason = reason,
            PoliceReportNumber = police,
            DamagedCard = damaged,
            Note = Clean(body.Note),
            State = ChangeState.Requested,
            RequestedBy = by,
            RequestedAt = now.UtcDateTime,
        }, null);
    }

    /// <summary>Applies an approved data change to the tracked resident and queues its packet; null when
    /// done.</summary>
    private ChangeResult.Refused? ApplyData(ResidentChange change, ResidentRecord resident, string by,
        DateTimeOffset now)
    {
        var field = change.Field!.Value;
        var request = CoreRequest(field, change.NewValue ?? "", change.CourtDecisionNumber, change.CourtName,
            change.CourtDecisionDate, change.DocumentReference);
        var outcome = ChangeRules.Apply(resident.ToResident(), request, now, by);
        if (!outcome.IsAllowed)
        {
            // The resident changed since the request (the same value set by another change, a SIAK import, …).
            return Refuse(StatusCodes.Status409Conflict, outcome.Code!, Title(outcome.Code!),
                $"The request cannot be applied to the record as it is now: {outcome.Reason} Reject it.");
        }

        var record = outcome.Record!;
        var nowUtc = now.UtcDateTime;
        var packetId = Guid.CreateVersion7(now);
        var header = new PacketHeader(packetId, change.Id, region.Digits, region.OfficeName, by, settings.Device, now,
            "office", resident.Nik, PacketKinds.Change);
        var body = new ChangePacketBody(change.Id, field, record.OldValue, record.NewValue,
            change.CourtDecisionNumber is null
                ? null
                : new CourtDecisionBody(change.CourtDecisionNumber, change.CourtName, change.CourtDecisionDate),
            change.DocumentReference, change.RequestedBy, change.RequestedAt, by, nowUtc, change.Note);
        var packet = PacketBuilder.Build(header,
        [
            new PacketPart("change.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(body, PacketBuilder.Json)),
            new PacketPart("demographics.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(outcome.Resident!, PacketBuilder.Json)),
        ]);
        db.Packets.Add(new PacketRecord
        {
            Id = packetId,
            EnrollmentId = change.Id, // a change has no enrollment; its own id keeps the column unique
            Nik = resident.Nik,
            CreatedAt = nowUtc,
            Sha256 = packet.Sha256,
            Size = packet.Content.LongLength,
            Content = cipher.SealPacket(packetId, packet.Content),
        });
        db.Outbox.Add(new OutboxEntry { PacketId = packetId, CreatedAt = nowUtc, State = OutboxState.Pending });

        change.OldValue = record.OldValue;
        change.NewValue = record.NewValue;
        change.PacketId = packetId;
        change.ReprintRequested = PrintedFields.Contains(field) && HasCard(resident);
        Note(resident, nowUtc, by, $"Data change approved by {by}: {ChangeView.Code(field)} (change {change.Id})" +
                                   (change.ReprintRequested ? "; the card is to be reprinted" : ""));
        resident.SetBiodata(outcome.Resident!);
        resident.UpdatedAt = nowUtc;
        return null;
    }

    private static ChangeResult.Refused? ApplyReprint(ResidentChange change, ResidentRecord resident)
    {
        if (NoCard(resident) is { } noCard)
        {
            return noCard;
        }

        change.ReprintRequested = true; // the status event is the move into the print queue (QueueReprintAsync)
        return null;
    }

    /// <summary>
    /// An approved reprint enters the print queue at once: the record moves PRINTED | DELIVERED →
    /// PRINT_READY_RECORD (its print permit still holds: same person, same NIK) with a reprint exception that says who
    /// and why and puts it at the front. The card printed next uses a new blank and withdraws the old one
    /// (<see cref="PrintService"/>); a card reported lost is withdrawn now, since it is out of the office's hands.
    /// </summary>
    private async Task QueueReprintAsync(ResidentChange change, ResidentRecord resident, string by, DateTime now,
        CancellationToken ct)
    {
        var why = Trim(change.Kind == ChangeKind.Data
            ? $"Reprint: {ChangeView.Code(change.Field!.Value)} changed (change {change.Id})"
            : change.ReprintReason == ReprintReason.Lost
                ? $"Reprint: card lost, police report {change.PoliceReportNumber} (change {change.Id})"
                : $"Reprint: card damaged and handed in, {change.DamagedCard} (change {change.Id})");
        db.QueueExceptions.Add(new QueueException
        {
            Nik = resident.Nik,
            Kind = QueueExceptionKind.Reprint,
            At = now,
            By = by,
            Reason = why,
        });
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = resident.Nik,
            From = resident.Status,
            To = RecordStatus.PrintReadyRecord,
            At = now,
            Reason = why,
            By = by,
        });
        resident.Status = RecordStatus.PrintReadyRecord;
        resident.StatusSince = now;
        resident.StatusReason = why;
        resident.UpdatedAt = now;
        if (change.ReprintReason != ReprintReason.Lost)
        {
            return;
        }

        foreach (var card in await db.Cards
                     .Where(c => c.Nik == resident.Nik && (c.State == CardState.Printed || c.State == CardState.Delivered))
                     .ToListAsync(ct))
        {
            card.State = CardState.Withdrawn;
            card.WithdrawnAt = now;
            card.WithdrawnBy = by;
            card.WithdrawnReason = Trim($"Reported lost, police report {change.PoliceReportNumber} (change {change.Id})");
        }
    }

    private static string Trim(string text) => text.Length > 500 ? text[..500] : text;

    private async Task<ChangeResult> SaveDecisionAsync(ResidentChange change, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another supervisor decided it (or the resident's status moved) a moment earlier.
            db.ChangeTracker.Clear();
            var now = await db.ResidentChanges.AsNoTracking().SingleAsync(c => c.Id == change.Id, ct);
            return now.State == ChangeState.Requested
                ? Refuse(StatusCodes.Status409Conflict, "change-resident-changed",
                    "The resident changed while the request was decided.",
                    $"The record of NIK {change.Nik} was updated a moment ago; decide the request again.")
                : AlreadyDecided(now);
        }

        if (change.State == ChangeState.Rejected)
        {
            LogRejected(logger, change.Id);
        }

        return new ChangeResult.Done(ChangeView.Of(change));
    }

    private void Note(ResidentRecord resident, DateTime at, string by, string reason) =>
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = resident.Nik,
            From = resident.Status,
            To = resident.Status,
            At = at,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            By = by,
        });

    private static ChangeRequest CoreRequest(ResidentField field, string value, string? number, string? court,
        DateOnly? date, string? document)
    {
        var reference = number is null || court is null || date is null
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{number}, {court}, {date:yyyy-MM-dd}");
        return new ChangeRequest(field, value, reference, document);
    }

    private static bool HasCard(ResidentRecord resident) =>
        resident.Status is RecordStatus.Printed or RecordStatus.Delivered;

    private static ChangeResult.Refused? NoCard(ResidentRecord resident) => HasCard(resident)
        ? null
        : Refuse(StatusCodes.Status409Conflict, "change-no-card", "No card has been printed for this resident.",
            $"The record of NIK {resident.Nik} is {RecordLifecycle.Code(resident.Status)}; a card is reprinted only " +
            "after it was printed (PRINTED or DELIVERED).");

    private static ChangeResult.Refused AlreadyDecided(ResidentChange change) =>
        Refuse(StatusCodes.Status409Conflict, "change-already-decided", "The request was already decided.",
            $"Request {change.Id} was {ChangeView.Code(change.State)} by {change.DecidedBy} on " +
            $"{change.DecidedAt:yyyy-MM-dd HH:mm} UTC; a decision is never changed.");

    private static string Describe(ResidentChange change) => change.Kind == ChangeKind.Data
        ? ChangeView.Code(change.Field!.Value)
        : $"reprint, {ChangeView.Code(change.ReprintReason!.Value)} card";

    private static string Title(string code) => code switch
    {
        ChangeCodes.ImmutableField => "This field never changes.",
        ChangeCodes.NeedsCourtDecision => "This field changes only by court decision.",
        ChangeCodes.NeedsDocument => "This change needs a supporting document.",
        ChangeCodes.NoChange => "Nothing would change.",
        _ => "The new value is not valid.",
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static ChangeResult.Refused? TooLong(string? text, int max, string name) =>
        text is not null && text.Trim().Length > max
            ? Invalid($"'{name}' is {text.Trim().Length} characters long; at most {max} are kept.")
            : null;

    private static ChangeResult.Refused Invalid(string detail) =>
        Refuse(StatusCodes.Status400BadRequest, "change-request-invalid", "The change request is not valid.", detail);

    private static ChangeResult.Refused Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information,
        Message = "Change {ChangeId} requested: {Kind} {Field}")]
    private static partial void LogRequested(ILogger logger, Guid changeId, ChangeKind kind, ResidentField? field);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information,
        Message = "Change {ChangeId} approved; packet {PacketId}, reprint requested: {Reprint}")]
    private static partial void LogApproved(ILogger logger, Guid changeId, Guid? packetId, bool reprint);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Change {ChangeId} rejected")]
    private static partial void LogRejected(ILogger logger, Guid changeId);
}

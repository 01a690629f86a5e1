using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Gallery;
using Ektp.Central.Pipeline;
using Ektp.Core.Lifecycle;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Adjudication;

/// <summary>
/// Rules a case: the one path behind `POST /api/cases/{id}/ruling` and the adjudication page. "different-people"
/// issues the print permit for the later packet; "same-person" keeps the earlier NIK, refuses the later one and
/// removes its recording from the gallery. Both regions are told: the later packet's region by the decision that
/// moves its record, the kept NIK's region by a notice that moves nothing. Every ruling records who and why.
/// </summary>
internal sealed partial class CaseRulings(
    CentralDbContext db,
    CentralKeys keys,
    IGallery gallery,
    DatabaseSettings database,
    TimeProvider clock,
    AuditTrail audit,
    ILogger<CaseRulings> logger)
{
    public const string SamePerson = "same-person";
    public const string DifferentPeople = "different-people";
    public const int MaxBy = 120;
    public const int MaxReason = 1000;

    /// <summary>What is wrong with a ruling form, field by field (empty when nothing is).</summary>
    public static IReadOnlyList<RulingError> Validate(RulingRequest request)
    {
        var errors = new List<RulingError>();
        if (request.Ruling is not (SamePerson or DifferentPeople))
        {
            errors.Add(new RulingError("ruling", "ruling-choice",
                $"ruling must be {SamePerson} or {DifferentPeople}."));
        }

        if (string.IsNullOrWhiteSpace(request.By))
        {
            errors.Add(new RulingError("by", "by-missing", "by (who rules) is required."));
        }
        else if (request.By.Trim().Length > MaxBy)
        {
            errors.Add(new RulingError("by", "by-too-long", $"by has at most {MaxBy} characters."));
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add(new RulingError("reason", "reason-missing", "reason (why) is required."));
        }
        else if (request.Reason.Trim().Length > MaxReason)
        {
            errors.Add(new RulingError("reason", "reason-too-long", $"reason has at most {MaxReason} characters."));
        }

        return errors;
    }

    public async Task<RulingOutcome> RuleAsync(long id, RulingRequest request, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new RulingOutcome.Invalid(errors);
        }

        var by = request.By!.Trim();
        var why = request.Reason!.Trim();
        await DecisionLog.Gate.WaitAsync(ct);
        GalleryLogEntry? removal = null;
        CaseRecord? ruled;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            ruled = await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct);
            if (ruled is null)
            {
                return new RulingOutcome.Refused(404, "case-unknown", "No such case.", $"There is no case {id}.");
            }

            if (ruled.RuledAt is not null)
            {
                return new RulingOutcome.Refused(409, "case-already-ruled", "The case was already ruled.",
                    $"Case {id} was ruled {ruled.Ruling} by {ruled.RuledBy} on {ruled.RuledAt:yyyy-MM-dd HH:mm} UTC.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var recorded = await db.Packets.AsNoTracking()
                .Where(p => p.PacketId == ruled.PacketId || p.PacketId == ruled.MatchedPacketId)
                .Select(p => new { p.PacketId, p.RecordedAt }).ToDictionaryAsync(p => p.PacketId, p => p.RecordedAt, ct);
            var laterRecordedAt = recorded[ruled.PacketId];
            ruled.Ruling = request.Ruling;
            ruled.RuledBy = by;
            ruled.RulingReason = why;
            ruled.RuledAt = now;

            // The regional record moves DUPLICATE_RECORD → ADJUDICATE_RECORD → outcome, as the lifecycle requires;
            // its own statement, so it takes the lower sequence number.
            db.Decisions.Add(DecisionLog.Other(RecordStatus.AdjudicateRecord, DecisionLog.CaseStep, ruled.PacketId,
                ruled.Nik, ruled.RegionCode, laterRecordedAt, now, $"Case {id} examined by {by}.", id));
            await db.SaveChangesAsync(ct);
            if (request.Ruling == DifferentPeople)
            {
                db.Decisions.Add(DecisionLog.PrintReady(keys, DecisionLog.RulingStep, ruled.PacketId, ruled.Nik,
                    ruled.RegionCode, laterRecordedAt, now, $"Case {id}: different people ({by}: {why})"));
            }
            else
            {
                // The earlier NIK keeps the person; the later recording leaves the gallery so it meets no one else.
                var later = await db.Persons.SingleOrDefaultAsync(p => p.PacketId == ruled.PacketId, ct);
                if (later is not null)
                {
                    await GalleryLog.LockAsync(db, database.Provider, ct);
                    db.Persons.Remove(later);
                    removal = GalleryLog.Removed(db, later.Id, now);
                }

                db.Decisions.Add(DecisionLog.Other(RecordStatus.DuplicateRecord, DecisionLog.RulingStep,
                    ruled.PacketId, ruled.Nik, ruled.RegionCode, laterRecordedAt, now, RefusalText(ruled), id));
                if (NoticeText(ruled) is { } notice)
                {
                    db.Decisions.Add(DecisionLog.Notice(ruled.PacketId, ruled.MatchedNik, ruled.MatchedRegionCode,
                        recorded.GetValueOrDefault(ruled.MatchedPacketId, laterRecordedAt), now, notice, id));
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            DecisionLog.Gate.Release();
        }

        if (removal is not null)
        {
            await gallery.CommittedAsync(removal.Seq, ct);
        }

        // After the ruling's transaction, under the signed-in account (the form's "by" is the adjudicator's own
        // word); one entry per NIK the ruling concerns, so a search by either finds it.
        await audit.RecordAsync([.. new[] { (ruled.Nik, "later"), (ruled.MatchedNik, "earlier") }
            .DistinctBy(s => s.Item1)
            .Select(s => new AuditEvent(AuditActions.RulingRecord, s.Item1, $"case {id}: {ruled.Ruling}, {s.Item2} packet"))],
            CancellationToken.None);
        LogRuled(logger, id, ruled.Ruling!, ruled.RuledBy!);
        return new RulingOutcome.Ruled(CaseView.Of(ruled));
    }

    /// <summary>
    /// What the later packet's region reads: whose NIK was kept and what the resident must do, then the
    /// adjudicator's words (last, so a region that shortens long reasons keeps the instruction).
    /// </summary>
    internal static string RefusalText(CaseRecord c)
    {
        var ruledBy = $"Ruled by {c.RuledBy}: {c.RulingReason}";
        if (c.MatchedNik == c.Nik)
        {
            return $"Case {c.Id}: same person as the earlier recording of NIK {c.Nik} " +
                   $"({RegionNames.WithCode(c.MatchedRegionCode)}), which is kept; this recording is refused. " +
                   $"No new recording is needed. {ruledBy}";
        }

        var action = c.MatchedRegionCode == c.RegionCode
            ? $"The resident keeps NIK {c.MatchedNik}; NIK {c.Nik} is a duplicate (data ganda) to be closed in the " +
              "registry."
            : $"The resident keeps NIK {c.MatchedNik}: if they moved here from " +
              $"{RegionNames.WithCode(c.MatchedRegionCode)}, register the move (pindah datang) under NIK " +
              $"{c.MatchedNik} instead of a new NIK, and close NIK {c.Nik}.";
        return $"Case {c.Id}: same person as NIK {c.MatchedNik} ({RegionNames.WithCode(c.MatchedRegionCode)}), " +
               $"which is kept; NIK {c.Nik} is refused. {action} {ruledBy}";
    }

    /// <summary>
    /// What the kept NIK's region reads; null when that region and NIK are the refused ones themselves (the
    /// refusal already told them everything).
    /// </summary>
    internal static string? NoticeText(CaseRecord c)
    {
        var ruledBy = $"Ruled by {c.RuledBy}: {c.RulingReason}";
        if (c.MatchedNik == c.Nik)
        {
            return c.MatchedRegionCode == c.RegionCode
                ? null
                : $"Case {c.Id}: NIK {c.Nik} was recorded again in {RegionNames.WithCode(c.RegionCode)} with other " +
                  $"fingers; ruled the same person. The recording here is kept and stays valid; the later one was " +
                  $"refused. Nothing to do unless the resident moved: then it is a transfer (pindah keluar) under " +
                  $"NIK {c.Nik}. {ruledBy}";
        }

        var action = c.MatchedRegionCode == c.RegionCode
            ? $"NIK {c.Nik}, recorded later in this region, is a duplicate and was refused; the resident uses " +
              $"NIK {c.MatchedNik} only."
            : $"The resident seems to have moved to {RegionNames.WithCode(c.RegionCode)}: that should have been a " +
              $"transfer (pindah keluar here, pindah datang there) under NIK {c.MatchedNik}, not a new NIK. " +
              $"Issue the move letter (SKPWNI) when the resident asks; no new recording is needed.";
        return $"Case {c.Id}: the person holding NIK {c.MatchedNik} was recorded again as NIK {c.Nik} " +
               $"({RegionNames.WithCode(c.RegionCode)}); ruled the same person. NIK {c.MatchedNik} is kept and " +
               $"stays valid; its status does not change. {action} {ruledBy}";
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Case {CaseId} ruled {Ruling} by {By}")]
    private static partial void LogRuled(ILogger logger, long caseId, string ruling, string by);
}

internal sealed record RulingRequest(string? Ruling, string? By, string? Reason);

/// <summary>One wrong field of a ruling: <see cref="Code"/> is stable (the page translates it), Message English.</summary>
internal sealed record RulingError(string Field, string Code, string Message);

internal abstract record RulingOutcome
{
    public sealed record Ruled(CaseView Case) : RulingOutcome;

    public sealed record Invalid(IReadOnlyList<RulingError> Errors) : RulingOutcome;

    public sealed record Refused(int Status, string Code, string Title, string Detail) : RulingOutcome;
}

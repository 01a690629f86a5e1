using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Pipeline;
using Ektp.Core.Lifecycle;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Adjudication;

/// <summary>
/// Possible duplicates and their rulings. "different-people" issues the print permit for the later packet;
/// "same-person" keeps the earlier NIK and refuses the later one with the adjudicator's reason.
/// The adjudication UI (images side by side, minutiae) is a later step; this is its API.
/// </summary>
internal static partial class CasesApi
{
    public const string SamePerson = "same-person";
    public const string DifferentPeople = "different-people";

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/cases").WithTags("Adjudication");
        group.MapGet("", ListCases).WithName("Cases").WithSummary("Cases, open ones first (state=open|ruled|all)");
        group.MapPost("/{id:long}/ruling", Rule).WithName("RuleCase")
            .WithSummary("Rule a case: { ruling: same-person | different-people, by, reason }");
        return group;
    }

    internal static async Task<Ok<List<CaseView>>> ListCases(string? state, CentralDbContext db, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        cases = state switch
        {
            "ruled" => cases.Where(c => c.RuledAt != null),
            "all" => cases,
            _ => cases.Where(c => c.RuledAt == null),
        };
        return TypedResults.Ok(await cases.OrderBy(c => c.Id).Take(500).Select(c => new CaseView(
            c.Id, c.PacketId, c.Nik, c.RegionCode, c.MatchedPacketId, c.MatchedNik, c.MatchedRegionCode, c.Reason,
            c.Score, c.OpenedAt, c.Ruling, c.RuledBy, c.RulingReason, c.RuledAt)).ToListAsync(ct));
    }

    internal static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Rule(long id, RulingRequest request,
        CentralDbContext db, CentralKeys keys, NationalGallery gallery, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (request.Ruling is not (SamePerson or DifferentPeople) || string.IsNullOrWhiteSpace(request.By) ||
            string.IsNullOrWhiteSpace(request.Reason) || request.By.Length > 120 || request.Reason.Length > 1000)
        {
            return Problems.BadRequest("ruling-invalid", "The ruling is incomplete.",
                $"Send ruling ({SamePerson} or {DifferentPeople}), by (who rules) and reason (why), all non-empty.");
        }

        await DecisionLog.Gate.WaitAsync(ct);
        long? refusedPerson = null;
        CaseRecord? ruled;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            ruled = await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct);
            if (ruled is null)
            {
                return Problems.NotFound("case-unknown", "No such case.", $"There is no case {id}.");
            }

            if (ruled.RuledAt is not null)
            {
                return Problems.Conflict("case-already-ruled", "The case was already ruled.",
                    $"Case {id} was ruled {ruled.Ruling} by {ruled.RuledBy} on {ruled.RuledAt:yyyy-MM-dd HH:mm} UTC.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var packet = await db.Packets.AsNoTracking().Where(p => p.PacketId == ruled.PacketId)
                .Select(p => new { p.RecordedAt }).SingleAsync(ct);
            ruled.Ruling = request.Ruling;
            ruled.RuledBy = request.By.Trim();
            ruled.RulingReason = request.Reason.Trim();
            ruled.RuledAt = now;

            // The regional record moves DUPLICATE_RECORD → ADJUDICATE_RECORD → outcome, as the lifecycle requires;
            // its own statement, so it takes the lower sequence number.
            db.Decisions.Add(DecisionLog.Other(RecordStatus.AdjudicateRecord, DecisionLog.CaseStep, ruled.PacketId,
                ruled.Nik, ruled.RegionCode, packet.RecordedAt, now, $"Case {id} examined by {ruled.RuledBy}.", id));
            await db.SaveChangesAsync(ct);
            if (request.Ruling == DifferentPeople)
            {
                db.Decisions.Add(DecisionLog.PrintReady(keys, DecisionLog.RulingStep, ruled.PacketId, ruled.Nik,
                    ruled.RegionCode, packet.RecordedAt, now,
                    $"Case {id}: different people ({ruled.RuledBy}: {ruled.RulingReason})"));
            }
            else
            {
                // The earlier NIK keeps the person; the later recording leaves the gallery so it meets no one else.
                var later = await db.Persons.SingleOrDefaultAsync(p => p.PacketId == ruled.PacketId, ct);
                if (later is not null)
                {
                    db.Persons.Remove(later);
                    refusedPerson = later.Id;
                }

                db.Decisions.Add(DecisionLog.Other(RecordStatus.DuplicateRecord, DecisionLog.RulingStep,
                    ruled.PacketId, ruled.Nik, ruled.RegionCode, packet.RecordedAt, now,
                    $"Case {id}: same person as NIK {ruled.MatchedNik}, which is kept; this NIK is refused " +
                    $"({ruled.RuledBy}: {ruled.RulingReason})", id));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            DecisionLog.Gate.Release();
        }

        if (refusedPerson is { } person)
        {
            gallery.Gallery.Remove(person);
        }

        var logger = loggers.CreateLogger("Ektp.Central.Adjudication");
        LogRuled(logger, id, ruled.Ruling!, ruled.RuledBy!);
        return TypedResults.Ok(new CaseView(ruled.Id, ruled.PacketId, ruled.Nik, ruled.RegionCode,
            ruled.MatchedPacketId, ruled.MatchedNik, ruled.MatchedRegionCode, ruled.Reason, ruled.Score, ruled.OpenedAt,
            ruled.Ruling, ruled.RuledBy, ruled.RulingReason, ruled.RuledAt));
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Case {CaseId} ruled {Ruling} by {By}")]
    private static partial void LogRuled(ILogger logger, long caseId, string ruling, string by);
}

internal sealed record RulingRequest(string? Ruling, string? By, string? Reason);

internal sealed record CaseView(long Id, Guid PacketId, string Nik, string RegionCode, Guid MatchedPacketId,
    string MatchedNik, string MatchedRegionCode, string Reason, double? Score, DateTime OpenedAt, string? Ruling,
    string? RuledBy, string? RulingReason, DateTime? RuledAt);

using System.Globalization;
using Ektp.Central.Data;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Adjudication;

/// <summary>
/// Possible duplicates and their rulings (the API behind the adjudication pages at `/kasus`); the ruling itself is
/// <see cref="CaseRulings"/>, shared with the page's form.
/// </summary>
internal static class CasesApi
{
    public const string SamePerson = CaseRulings.SamePerson;
    public const string DifferentPeople = CaseRulings.DifferentPeople;

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/cases").WithTags("Adjudication")
            .RequireAuthorization(EktpPolicies.Adjudication);
        group.MapGet("", ListCases).WithName("Cases").WithSummary("Cases, open ones first (state=open|ruled|all)");
        group.MapPost("/{id:long}/ruling", Rule).WithName("RuleCase")
            .WithSummary("Rule a case: { ruling: same-person | different-people, by, reason }");
        return group;
    }

    internal static async Task<Ok<List<CaseView>>> ListCases(string? state, CentralDbContext db, AuditTrail audit,
        CancellationToken ct)
    {
        var cases = await QueryAsync(db, state, ct);

        // A list of NIK pairs, no biodata: one entry for the list, not one per NIK.
        await audit.RecordAsync(new AuditEvent(AuditActions.CaseList, null,
            string.Create(CultureInfo.InvariantCulture, $"state {state ?? "open"}, {cases.Count} cases")), ct);
        return TypedResults.Ok(cases);
    }

    /// <summary>Cases in id order: <c>open</c> (the default), <c>ruled</c> or <c>all</c>; at most 500.</summary>
    internal static Task<List<CaseView>> QueryAsync(CentralDbContext db, string? state, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        cases = state switch
        {
            "ruled" => cases.Where(c => c.RuledAt != null),
            "all" => cases,
            _ => cases.Where(c => c.RuledAt == null),
        };
        return cases.OrderBy(c => c.Id).Take(500).Select(c => new CaseView(
            c.Id, c.PacketId, c.Nik, c.RegionCode, c.MatchedPacketId, c.MatchedNik, c.MatchedRegionCode, c.Reason,
            c.Score, c.OpenedAt, c.Ruling, c.RuledBy, c.RulingReason, c.RuledAt)).ToListAsync(ct);
    }

    internal static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Rule(long id, RulingRequest request,
        CaseRulings rulings, CancellationToken ct) => await rulings.RuleAsync(id, request, ct) switch
        {
            RulingOutcome.Ruled ruled => TypedResults.Ok(ruled.Case),
            RulingOutcome.Invalid invalid => Problems.Of(StatusCodes.Status400BadRequest, "ruling-invalid",
                "The ruling is incomplete.",
                $"Send ruling ({SamePerson} or {DifferentPeople}), by (who rules) and reason (why), all non-empty. " +
                string.Join(" ", invalid.Errors.Select(e => e.Message)),
                new Dictionary<string, object?>
                {
                    ["errors"] = invalid.Errors.GroupBy(e => e.Field)
                        .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                }),
            RulingOutcome.Refused refused => Problems.Of(refused.Status, refused.Code, refused.Title, refused.Detail),
            _ => throw new InvalidOperationException("Unknown ruling outcome"),
        };
}

internal sealed record CaseView(long Id, Guid PacketId, string Nik, string RegionCode, Guid MatchedPacketId,
    string MatchedNik, string MatchedRegionCode, string Reason, double? Score, DateTime OpenedAt, string? Ruling,
    string? RuledBy, string? RulingReason, DateTime? RuledAt)
{
    public static CaseView Of(CaseRecord c) => new(c.Id, c.PacketId, c.Nik, c.RegionCode, c.MatchedPacketId,
        c.MatchedNik, c.MatchedRegionCode, c.Reason, c.Score, c.OpenedAt, c.Ruling, c.RuledBy, c.RulingReason,
        c.RuledAt);
}

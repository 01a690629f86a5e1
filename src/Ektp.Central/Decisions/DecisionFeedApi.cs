using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Decisions;

/// <summary>
/// `GET /api/decisions?region=CODE&amp;after=CURSOR&amp;limit=N`: a region's decisions in sequence order after the
/// cursor. A regional server stores the last sequence it applied and asks for what follows, so every decision is
/// seen once and in order. Only an office may pull it, with a request signed by its key (OfficeAuthentication), and
/// only its own region's decisions.
/// </summary>
internal static class DecisionFeedApi
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapDecisionFeed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/decisions", GetDecisions)
            .AllowAnonymous() // no user: pulled by regional servers with office-signed requests
            .WithMetadata(new OfficeOnly())
            .WithTags("Decisions").WithName("DecisionFeed")
            .WithSummary("A region's decisions after a cursor, in sequence order");
        return endpoints;
    }

    internal static async Task<Results<Ok<DecisionPage>, ProblemHttpResult>> GetDecisions(string? region, long? after,
        int? limit, HttpContext http, CentralDbContext db, CancellationToken ct)
    {
        if (region is not { Length: 4 } || !region.All(char.IsAsciiDigit))
        {
            return Problems.BadRequest("feed-query-invalid", "The decision feed needs a region.",
                "Give region=CODE, the 4-digit kabupaten/kota code.");
        }

        var office = http.Office();
        if (office.RegionCode != region)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "office-other-region",
                "An office reads only its own region's decisions.",
                $"This office is registered for region {office.RegionCode}, not {region}.");
        }

        var take = limit ?? 100;
        if (take is < 1 or > MaxLimit || after < 0)
        {
            return Problems.BadRequest("feed-query-invalid", "The cursor or the page size is out of range.",
                $"after is a sequence number (0 or more); limit is 1 to {MaxLimit}.");
        }

        var cursor = after ?? 0;
        var items = await db.Decisions.AsNoTracking()
            .Where(d => d.RegionCode == region && d.Sequence > cursor)
            .OrderBy(d => d.Sequence).Take(take)
            .Select(d => new DecisionItem(d.Sequence, d.PacketId, d.Nik, d.RegionCode, d.Kind, d.Step, d.Reason,
                d.CaseId, d.Permit, d.PermitSignature, d.DecidedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new DecisionPage(region, items, items.Count == 0 ? cursor : items[^1].Sequence));
    }
}

/// <summary>One page of the feed; <see cref="Next"/> is the cursor to ask with next time.</summary>
internal sealed record DecisionPage(string Region, IReadOnlyList<DecisionItem> Decisions, long Next);

internal sealed record DecisionItem(long Sequence, Guid PacketId, string Nik, string RegionCode, string Kind,
    string Step, string? Reason, long? CaseId, string? Permit, string? PermitSignature, DateTime DecidedAt);

using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Pipeline;
using Ektp.Core.Lifecycle;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Statistics;

/// <summary>`GET /api/stats`: national figures of intake and the dedup pipeline.</summary>
internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stats", GetStats).RequireAuthorization(EktpPolicies.CentralReports).WithTags("Statistics").WithName("Stats")
            .WithSummary("Packets per region and day, backlog per stage, decisions, duplicate rate, time to decision");
        return endpoints;
    }

    internal static async Task<Ok<CentralStats>> GetStats(CentralDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ComputeAsync(db, ct));

    /// <summary>The national figures, shared by `GET /api/stats` and the statistics page.</summary>
    internal static async Task<CentralStats> ComputeAsync(CentralDbContext db, CancellationToken ct)
    {
        // Grouped in memory: day truncation is spelled differently by each provider, and the columns are small.
        var received = await db.Packets.AsNoTracking().Select(p => new { p.RegionCode, p.ReceivedAt }).ToListAsync(ct);
        var perDay = received
            .GroupBy(p => (p.RegionCode, Day: DateOnly.FromDateTime(p.ReceivedAt)))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.RegionCode, StringComparer.Ordinal)
            .Select(g => new RegionDayCount(g.Key.RegionCode, g.Key.Day, g.Count()))
            .ToList();

        var stages = await db.PipelineJobs.AsNoTracking().Where(j => j.Stage != PipelineStage.Done)
            .GroupBy(j => j.Stage).Select(g => new { Stage = g.Key, Count = g.Count() }).ToListAsync(ct);
        var backlog = Enum.GetValues<PipelineStage>().Where(s => s != PipelineStage.Done)
            .ToDictionary(s => s.ToString(), s => stages.SingleOrDefault(x => x.Stage == s)?.Count ?? 0);

        var firstDecisions = await db.Decisions.AsNoTracking().Where(d => d.Step == DecisionLog.PipelineStep)
            .Select(d => new { d.Kind, d.RecordedAt, d.DecidedAt }).ToListAsync(ct);
        var kinds = await db.Decisions.AsNoTracking().GroupBy(d => d.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(ct);
        var duplicates = firstDecisions.Count(d => d.Kind == RecordLifecycle.Code(RecordStatus.DuplicateRecord));
        var seconds = firstDecisions.Select(d => (d.DecidedAt - d.RecordedAt).TotalSeconds).Order().ToList();
        var openCases = await db.Cases.CountAsync(c => c.RuledAt == null, ct);

        return new CentralStats(
            received.Count,
            perDay,
            backlog,
            kinds.OrderBy(k => k.Kind, StringComparer.Ordinal).ToDictionary(k => k.Kind, k => k.Count),
            firstDecisions.Count == 0 ? 0 : Math.Round(duplicates / (double)firstDecisions.Count, 4),
            openCases,
            new DecisionTime(Percentile(seconds, 0.5), Percentile(seconds, 0.95)));
    }

    /// <summary>Nearest-rank percentile of a sorted list; null when empty.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}

internal sealed record CentralStats(int PacketsReceived, IReadOnlyList<RegionDayCount> ReceivedPerRegionAndDay,
    IReadOnlyDictionary<string, int> Backlog, IReadOnlyDictionary<string, int> Decisions, double DuplicateRate,
    int OpenCases, DecisionTime RecordingToDecisionSeconds);

internal sealed record RegionDayCount(string RegionCode, DateOnly Day, int Packets);

/// <summary>Seconds from recording at the office to the centre's first decision.</summary>
internal sealed record DecisionTime(double? Median, double? P95);

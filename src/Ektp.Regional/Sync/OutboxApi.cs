using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Sync;

internal static class OutboxApi
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/outbox", GetSummary).WithTags("Sync").WithName("OutboxSummary")
            .WithSummary("The queue towards the centre: waiting, oldest, set aside, last contact, recent error rate");
        endpoints.MapGet("/api/decision-feed", GetFeedState).WithTags("Sync").WithName("DecisionFeedState")
            .WithSummary("The centre's decisions pulled so far: cursor, applied, permits refused for a bad signature");
        return endpoints;
    }

    internal static async Task<DecisionFeedView> GetFeedState(RegionalDbContext db, DecisionFeedState state,
        CancellationToken ct)
    {
        var cursor = await db.Settings.AsNoTracking().Where(s => s.Key == DecisionPuller.CursorKey)
            .Select(s => s.Value).SingleOrDefaultAsync(ct);
        return new DecisionFeedView(cursor is null ? 0 : long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture),
            await db.Permits.CountAsync(p => p.Verified, ct), await db.Permits.CountAsync(p => !p.Verified, ct),
            state.Applied, state.NotApplied, state.LastPull, state.LastError);
    }

    internal static async Task<OutboxSummary> GetSummary(RegionalDbContext db, LinkMonitor link, CancellationToken ct)
    {
        var pending = db.Outbox.AsNoTracking().Where(o => o.State == OutboxState.Pending);
        var setAside = await db.Outbox.AsNoTracking().Where(o => o.State == OutboxState.SetAside)
            .OrderBy(o => o.Id).Take(100)
            .Select(o => new SetAsidePacket(o.PacketId, o.CreatedAt, o.LastError)).ToListAsync(ct);
        return new OutboxSummary(
            await pending.CountAsync(ct),
            await pending.OrderBy(o => o.Id).Select(o => (DateTime?)o.CreatedAt).FirstOrDefaultAsync(ct),
            await db.Outbox.CountAsync(o => o.State == OutboxState.Sent, ct),
            setAside,
            link.LastContact,
            Math.Round(link.ErrorRate, 2),
            link.LastError);
    }
}

internal sealed record SetAsidePacket(Guid PacketId, DateTime RecordedAt, string? Reason);

internal sealed record OutboxSummary(int Waiting, DateTime? OldestWaiting, int Sent, IReadOnlyList<SetAsidePacket> SetAside,
    DateTimeOffset? LastContact, double RecentErrorRate, string? LastError);

internal sealed record DecisionFeedView(long Cursor, int Permits, int PermitsWithBadSignature, int AppliedSinceStart,
    int NotAppliedSinceStart, DateTimeOffset? LastPull, string? LastError);

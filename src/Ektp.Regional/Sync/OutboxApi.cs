using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Sync;

internal static class OutboxApi
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/outbox", GetSummary).RequireAuthorization(EktpPolicies.Staff).WithTags("Sync").WithName("OutboxSummary")
            .WithSummary("The queue upstream (to the centre; a field kit's to its regional server): waiting, oldest, " +
                         "set aside, last contact, recent error rate; at a regional server also its field kits' " +
                         "packets set aside");
        endpoints.MapGet("/api/decision-feed", GetFeedState).RequireAuthorization(EktpPolicies.Supervision).WithTags("Sync").WithName("DecisionFeedState")
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

    internal static async Task<OutboxSummary> GetSummary(RegionalDbContext db, LinkMonitor link,
        RegionalSettings settings, CancellationToken ct)
    {
        var pending = db.Outbox.AsNoTracking().Where(o => o.State == OutboxState.Pending);
        var setAside = await (from o in db.Outbox.AsNoTracking()
                              join p in db.Packets.AsNoTracking() on o.PacketId equals p.Id
                              where o.State == OutboxState.SetAside
                              orderby o.Id
                              select new SetAsidePacket(o.PacketId, o.CreatedAt, o.LastError, p.Nik))
            .Take(100).ToListAsync(ct);
        var kitSetAside = settings.IsFieldKit
            ? []
            : await (from p in db.KitPackets().AsNoTracking()
                     join k in db.FieldKits().AsNoTracking() on p.KitKeyId equals k.KeyId
                     where p.State == KitPacketState.SetAside
                     orderby p.ReceivedAt descending
                     select new KitSetAsidePacket(p.PacketId, p.Nik, k.Name, p.RecordedAt, p.ReceivedAt, p.Reason))
                .Take(100).ToListAsync(ct);
        return new OutboxSummary(
            await pending.CountAsync(ct),
            await pending.OrderBy(o => o.Id).Select(o => (DateTime?)o.CreatedAt).FirstOrDefaultAsync(ct),
            await db.Outbox.CountAsync(o => o.State == OutboxState.Sent, ct),
            setAside,
            link.LastContact,
            Math.Round(link.ErrorRate, 2),
            link.LastError,
            settings.IsFieldKit ? "regional" : settings.CentralUrl is null ? null : "central",
            kitSetAside);
    }
}

internal sealed record SetAsidePacket(Guid PacketId, DateTime RecordedAt, string? Reason, string Nik);

/// <summary>A field kit's packet this regional server set aside (the record had changed here), for the supervisor.</summary>
internal sealed record KitSetAsidePacket(Guid PacketId, string Nik, string Kit, DateTime RecordedAt, DateTime ReceivedAt,
    string? Reason);

/// <param name="Upstream">`central`, `regional` (a field kit) or null (no upstream configured).</param>
/// <param name="FieldKitSetAside">At a regional server: its field kits' packets set aside, newest first.</param>
internal sealed record OutboxSummary(int Waiting, DateTime? OldestWaiting, int Sent, IReadOnlyList<SetAsidePacket> SetAside,
    DateTimeOffset? LastContact, double RecentErrorRate, string? LastError, string? Upstream,
    IReadOnlyList<KitSetAsidePacket> FieldKitSetAside);

internal sealed record DecisionFeedView(long Cursor, int Permits, int PermitsWithBadSignature, int AppliedSinceStart,
    int NotAppliedSinceStart, DateTimeOffset? LastPull, string? LastError);

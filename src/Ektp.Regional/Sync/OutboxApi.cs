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
        return endpoints;
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

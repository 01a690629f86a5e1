using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Audit;

/// <summary>
/// The audit log as the features of one request use it: the actor is the request's signed-in account and address.
/// <see cref="SaveChangesAsync"/> writes the entry in the same SaveChanges (the same transaction) as the request's
/// pending business write; <see cref="RecordAsync(AuditEvent, CancellationToken)"/> writes it on its own, for a read
/// or after a business transaction of its own has committed.
/// </summary>
internal sealed class AuditTrail(AuditLog log, DbContext db, Func<DbContext> open, IHttpContextAccessor http)
{
    public AuditActor Actor => AuditActor.Of(http.HttpContext);

    /// <summary>Saves the request's DbContext with the entry: the business change and its trace, or neither.</summary>
    public Task SaveChangesAsync(AuditEvent what, CancellationToken ct) =>
        log.AppendAsync(db, Actor, [what], ct);

    public Task RecordAsync(AuditEvent what, CancellationToken ct) => RecordAsync(Actor, [what], ct);

    public Task RecordAsync(IReadOnlyList<AuditEvent> what, CancellationToken ct) => RecordAsync(Actor, what, ct);

    /// <summary>Writes entries through a context of their own, so nothing else pending is saved with them.</summary>
    public async Task RecordAsync(AuditActor actor, IReadOnlyList<AuditEvent> what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (what.Count == 0)
        {
            return;
        }

        await using var own = open();
        await log.AppendAsync(own, actor, what, ct);
    }
}

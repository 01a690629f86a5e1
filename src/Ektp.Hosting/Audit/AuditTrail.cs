using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Audit;

/// <summary>
/// The audit log as the features of one request use it: the actor is the request's signed-in account and address.
/// <see cref="SaveChangesAsync"/> writes the entry in the same SaveChanges (the same transaction) as the request's
/// pending business write; <see cref="RecordAsync(AuditEvent, CancellationToken)"/> writes it on its own, for a read
/// or after a business transaction of its own has committed. An event without a detail gets the request's route
/// (<c>GET /penduduk/{nik}</c>: the pattern, so never a NIK) to say through which door it came.
/// </summary>
internal sealed class AuditTrail(AuditLog log, DbContext db, Func<DbContext> open, IHttpContextAccessor http)
{
    public AuditActor Actor => AuditActor.Of(http.HttpContext);

    /// <summary>Saves the request's DbContext with the entry: the business change and its trace, or neither.</summary>
    public Task SaveChangesAsync(AuditEvent what, CancellationToken ct) => SaveChangesAsync(Actor, what, ct);

    /// <summary>The same, for an actor that is not the request's account (a field kit's signed upload).</summary>
    public Task SaveChangesAsync(AuditActor actor, AuditEvent what, CancellationToken ct) =>
        log.AppendAsync(db, actor, [Complete(what)], ct);

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
        await log.AppendAsync(own, actor, [.. what.Select(Complete)], ct);
    }

    /// <summary>The current endpoint as method and route pattern, e.g. <c>POST /api/enrollments</c>.</summary>
    public string? Route
    {
        get
        {
            var context = http.HttpContext;
            if (context?.GetEndpoint() is not RouteEndpoint endpoint)
            {
                return null;
            }

            return $"{context.Request.Method} /{endpoint.RoutePattern.RawText?.TrimStart('/')}";
        }
    }

    private AuditEvent Complete(AuditEvent what) => what.Detail is null ? what with { Detail = Route } : what;
}

using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Hosting;

public static class HealthEndpoint
{
    /// <summary>`GET /health`: 200 with the service name and version when the database answers, 503 otherwise.</summary>
    public static IEndpointConventionBuilder MapEktpHealth<TContext>(this IEndpointRouteBuilder endpoints, string service)
        where TContext : DbContext
    {
        var version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "0.0.0";
        return endpoints.MapGet("/health", async (HttpContext http, CancellationToken ct) =>
        {
            var db = http.RequestServices.GetRequiredService<TContext>();
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            var databaseUp = await db.Database.CanConnectAsync(ct);
            var body = new HealthResponse(databaseUp ? "ok" : "degraded", service, version,
                db.Database.ProviderName ?? "unknown", databaseUp, clock.GetUtcNow());
            return databaseUp ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithName("Health").WithSummary("Liveness and database reachability").AllowAnonymous();
    }
}

public sealed record HealthResponse(string Status, string Service, string Version, string Database, bool DatabaseUp,
    DateTimeOffset Time);

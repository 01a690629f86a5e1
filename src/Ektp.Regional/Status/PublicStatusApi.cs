using System.Globalization;
using System.Threading.RateLimiting;
using Ektp.Core.Identity;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Status;

/// <summary>
/// The resident's own status without a login: NIK + date of birth → stage in plain words. A pair that does not
/// match answers exactly as an unknown NIK does, and each client (IP address) gets a few look-ups per minute, so
/// the page cannot be used to find out who lives here or when they were born.
/// </summary>
internal static class PublicStatusApi
{
    public const string RateLimitPolicy = "public-status";

    public static IServiceCollection AddPublicStatus(this IServiceCollection services, RegionalSettings settings)
    {
        services.AddScoped<ResidentStatusService>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PublicStatusPermitLimit,
                    Window = settings.PublicStatusWindow,
                    QueueLimit = 0,
                }));
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? (int)Math.Ceiling(retry.TotalSeconds)
                    : (int)settings.PublicStatusWindow.TotalSeconds;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(
                    new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails =
                        {
                            Status = StatusCodes.Status429TooManyRequests,
                            Type = Problems.TypePrefix + "too-many-requests",
                            Title = "Too many look-ups; wait a moment. / Terlalu banyak permintaan; tunggu sebentar.",
                            Detail = $"Try again in {seconds} seconds.",
                        },
                    });
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPublicStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/public/status", GetStatus).AllowAnonymous().WithTags("Public").WithName("PublicStatus")
            .WithSummary("A resident's own e-KTP stage from NIK + date of birth (no login; rate-limited per client)")
            .RequireRateLimiting(RateLimitPolicy);
        return endpoints;
    }

    internal static async Task<Results<Ok<PublicStatusResponse>, ProblemHttpResult>> GetStatus(string? nik,
        string? birthDate, ResidentStatusService status, CancellationToken ct)
    {
        if (nik is null || !Nik.TryCreate(nik.Trim(), out _))
        {
            return Problems.BadRequest("nik-malformed", "The NIK is malformed.",
                "Give 'nik': the 16 digits printed on your family card (KK).");
        }

        if (!TryParseDate(birthDate, out var date))
        {
            return Problems.BadRequest("birth-date-malformed", "The date of birth is malformed.",
                "Give 'birthDate' as YYYY-MM-DD (or DD-MM-YYYY).");
        }

        var report = await status.FindAsync(nik.Trim(), date, ct);
        return report is null ? NotFound() : TypedResults.Ok(PublicStatusResponse.Of(report));
    }

    /// <summary>The one answer for an unknown NIK and for a NIK with another birth date.</summary>
    internal static ProblemHttpResult NotFound() =>
        Problems.NotFound("status-not-found", "No record matches this NIK and date of birth.",
            "Check both against your family card (KK). If they are right, ask at the Disdukcapil office.");

    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd-MM-yyyy"], CultureInfo.InvariantCulture,
            DateTimeStyles.None, out date);
    }
}

/// <summary>What the public sees: no name, no address — only the stage of their own record.</summary>
internal sealed record PublicStatusResponse(string Stage, DateOnly Since, int? QueuePosition,
    DateOnly? ExpectedPrintDate, bool Problem, StageText Id, StageText En)
{
    public static PublicStatusResponse Of(StageReport r) =>
        new(r.Status, r.Since, r.QueuePosition, r.ExpectedPrintDate, r.Problem, r.Id, r.En);
}

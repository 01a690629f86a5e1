using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Regional.Enrollment;

internal static class EnrollmentsApi
{
    public static RouteGroupBuilder MapEnrollments(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/enrollments").WithTags("Enrollment")
            .RequireAuthorization(EktpPolicies.Recording);
        group.MapPost("", Post).WithName("PostEnrollment")
            .WithSummary("Record a resident: multipart form with nik, location, operator, photo, signature, " +
                         "finger1…finger10 and missing (N:reason,…)")
            .DisableAntiforgery(); // API clients authenticate with tokens (issue 7), not browser cookies
        return group;
    }

    internal static async Task<Results<Created<EnrollmentResponse>, ProblemHttpResult>> Post(HttpRequest request,
        EnrollmentService enrollments, RegionalSettings settings, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "multipart-required",
                "The enrollment must be sent as multipart/form-data.",
                "Send the fields nik, location, operator and the files photo, signature, finger1…finger10.");
        }

        var form = await request.ReadFormAsync(ct);
        var submission = await EnrollmentSubmission.FromFormAsync(form, settings.MaxImageBytes, ct);
        return await enrollments.EnrollAsync(submission, ct) switch
        {
            EnrollmentOutcome.Recorded r => TypedResults.Created($"/api/residents/{r.Nik}/status",
                new EnrollmentResponse(r.EnrollmentId, r.PacketId, r.Nik, r.Status, r.RecordedAt, r.PacketSha256,
                    r.PacketSize)),
            EnrollmentOutcome.Refused f => Problems.Of(f.Status, f.Code, f.Title, f.Detail),
            _ => throw new InvalidOperationException("Unknown enrollment outcome"),
        };
    }
}

internal sealed record EnrollmentResponse(Guid EnrollmentId, Guid PacketId, string Nik, string Status,
    DateTimeOffset RecordedAt, string PacketSha256, long PacketSize);

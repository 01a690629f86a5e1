using System.Globalization;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Central.Intake;

/// <summary>
/// Resumable packet upload (docs/transport.md): `POST /api/uploads` declares, `PATCH /api/uploads/{id}` with an
/// `Upload-Offset` header sends bytes, `GET /api/uploads/{id}` tells how far it got.
/// </summary>
internal static class IntakeApi
{
    public const string OffsetHeader = "Upload-Offset";

    public static RouteGroupBuilder MapIntake(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/uploads").WithTags("Intake");
        group.MapPost("", async (UploadRequest request, IntakeService intake, CancellationToken ct) =>
                ToResult(await intake.StartAsync(request, ct), created: true))
            .WithName("StartUpload").WithSummary("Declare an envelope upload: { packetId, size, sha256 }");
        group.MapGet("/{packetId:guid}", async (Guid packetId, IntakeService intake, CancellationToken ct) =>
                ToResult(await intake.StatusAsync(packetId, ct), created: false))
            .WithName("UploadStatus").WithSummary("How many bytes of an upload the centre holds");
        group.MapPatch("/{packetId:guid}", async (Guid packetId, HttpRequest request, IntakeService intake,
                CancellationToken ct) =>
            {
                if (!long.TryParse(request.Headers[OffsetHeader], NumberStyles.None, CultureInfo.InvariantCulture,
                        out var offset))
                {
                    return Problems.BadRequest("upload-offset-missing", "The Upload-Offset header is missing.",
                        "Send the offset of the first byte of this chunk in the Upload-Offset header.");
                }

                var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
                return ToResult(await intake.AppendAsync(packetId, offset, request.Body, remote, ct), created: false);
            })
            .WithName("AppendUpload").WithSummary("Send the bytes of an envelope from Upload-Offset on")
            .DisableAntiforgery();
        return group;
    }

    private static IResult ToResult(IntakeOutcome outcome, bool created) => outcome switch
    {
        IntakeOutcome.Uploading u => WithOffset(u.Offset,
            created ? Results.Created($"/api/uploads/{u.PacketId}", Body(u.PacketId, "uploading", u.Offset, u.Size, null))
                    : Results.Ok(Body(u.PacketId, "uploading", u.Offset, u.Size, null))),
        IntakeOutcome.Received r => WithOffset(r.Size,
            Results.Ok(Body(r.PacketId, "received", r.Size, r.Size, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero)))),
        IntakeOutcome.OffsetMismatch m => Problems.Of(StatusCodes.Status409Conflict, "upload-offset-mismatch",
            "The chunk does not start where the upload stands.",
            $"The centre holds {m.Offset:N0} of {m.Size:N0} bytes; send from there.",
            new Dictionary<string, object?> { ["offset"] = m.Offset, ["size"] = m.Size }),
        IntakeOutcome.Refused f => Problems.Of(f.Status, f.Code, f.Title, f.Detail,
            new Dictionary<string, object?> { ["packetId"] = f.PacketId }),
        _ => throw new InvalidOperationException("Unknown intake outcome"),
    };

    private static UploadStatusResponse Body(Guid id, string status, long offset, long size, DateTimeOffset? receivedAt) =>
        new(id, status, offset, size, receivedAt);

    private static OffsetResult WithOffset(long offset, IResult inner) => new(offset, inner);

    private sealed class OffsetResult(long offset, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[OffsetHeader] = offset.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

internal sealed record UploadStatusResponse(Guid PacketId, string Status, long Offset, long Size,
    DateTimeOffset? ReceivedAt);

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Hosting;

/// <summary>
/// `POST /api/uploads` declares, `PATCH /api/uploads/{id}` with an `Upload-Offset` header sends bytes,
/// `GET /api/uploads/{id}` tells how far it got (docs/transport.md). The receiver is resolved per request.
/// </summary>
public static class ResumableUploadsApi
{
    public const string OffsetHeader = "Upload-Offset";

    public static RouteGroupBuilder MapResumableUploads<TReceiver>(this IEndpointRouteBuilder endpoints, string tag)
        where TReceiver : IUploadReceiver
    {
        var group = endpoints.MapGroup("/api/uploads").WithTags(tag);
        group.MapPost("", async (UploadRequest request, HttpContext http, CancellationToken ct) =>
                ToResult(await Uploads<TReceiver>(http).StartAsync(request, ct), created: true))
            .WithName("StartUpload").WithSummary("Declare an envelope upload: { packetId, size, sha256 }");
        group.MapGet("/{packetId:guid}", async (Guid packetId, HttpContext http, CancellationToken ct) =>
                ToResult(await Uploads<TReceiver>(http).StatusAsync(packetId, ct), created: false))
            .WithName("UploadStatus").WithSummary("How many bytes of an upload the receiver holds");
        group.MapPatch("/{packetId:guid}", async (Guid packetId, HttpContext http, CancellationToken ct) =>
            {
                if (!long.TryParse(http.Request.Headers[OffsetHeader], NumberStyles.None, CultureInfo.InvariantCulture,
                        out var offset))
                {
                    return Problems.BadRequest("upload-offset-missing", "The Upload-Offset header is missing.",
                        "Send the offset of the first byte of this chunk in the Upload-Offset header.");
                }

                var remote = http.Connection.RemoteIpAddress?.ToString() ?? "?";
                return ToResult(await Uploads<TReceiver>(http).AppendAsync(packetId, offset, http.Request.Body, remote, ct),
                    created: false);
            })
            .WithName("AppendUpload").WithSummary("Send the bytes of an envelope from Upload-Offset on")
            .DisableAntiforgery();
        return group;
    }

    private static ResumableUploads<TReceiver> Uploads<TReceiver>(HttpContext http) where TReceiver : IUploadReceiver =>
        new(http.RequestServices.GetRequiredService<TReceiver>());

    private static IResult ToResult(UploadOutcome outcome, bool created) => outcome switch
    {
        UploadOutcome.Uploading u => new OffsetResult(u.Offset,
            created ? Results.Created($"/api/uploads/{u.PacketId}", Body(u.PacketId, "uploading", u.Offset, u.Size, null))
                    : Results.Ok(Body(u.PacketId, "uploading", u.Offset, u.Size, null))),
        UploadOutcome.Received r => new OffsetResult(r.Size,
            Results.Ok(Body(r.PacketId, "received", r.Size, r.Size, new DateTimeOffset(r.ReceivedAt, TimeSpan.Zero)))),
        UploadOutcome.OffsetMismatch m => Problems.Of(StatusCodes.Status409Conflict, "upload-offset-mismatch",
            "The chunk does not start where the upload stands.",
            $"The receiver holds {m.Offset:N0} of {m.Size:N0} bytes; send from there.",
            new Dictionary<string, object?> { ["offset"] = m.Offset, ["size"] = m.Size }),
        UploadOutcome.Refused f => Problems.Of(f.Status, f.Code, f.Title, f.Detail,
            new Dictionary<string, object?> { ["packetId"] = f.PacketId }),
        _ => throw new InvalidOperationException("Unknown upload outcome"),
    };

    private static UploadStatusResponse Body(Guid id, string status, long offset, long size, DateTimeOffset? receivedAt) =>
        new(id, status, offset, size, receivedAt);

    private sealed class OffsetResult(long offset, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[OffsetHeader] = offset.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

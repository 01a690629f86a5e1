using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ektp.Hosting;

/// <summary>
/// The sending side of the resumable upload protocol (docs/transport.md), and plain JSON requests, towards an
/// upstream server: the centre for a regional server, the regional server for a field kit. Network failures and 5xx
/// answers throw <see cref="TransientUploadException"/> (try again later), and so do refusals of the sender itself
/// (<c>kit-*</c> and <c>office-*</c> problems: an unregistered or revoked field kit or office, a wrong clock), which
/// would refuse every packet alike; a refusal of one packet throws <see cref="PacketRefusedException"/> (set that packet aside).
/// </summary>
public class UpstreamClient(HttpClient http, string upstreamName = "the centre")
{
    public const int ChunkSize = 256 * 1024;

    private const string ProblemPrefix = "urn:ektp:problem:";

    /// <summary>How the upstream server is named in messages ("the centre", "the regional server").</summary>
    public string UpstreamName => upstreamName;

    /// <summary>GET a JSON document.</summary>
    public Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pathAndQuery), ct);

    /// <summary>One public key (SubjectPublicKeyInfo, base64) of the upstream's `GET /api/keys`.</summary>
    public async Task<string> FetchKeyAsync(string property, CancellationToken ct)
    {
        var keys = await GetJsonAsync("api/keys", ct);
        return keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty(property, out var key) &&
               key.ValueKind == JsonValueKind.String
            ? key.GetString()!
            : throw new TransientUploadException($"{Capital} did not give its {property}.");
    }

    /// <summary>Uploads the envelope from wherever the upstream stands; returns when it has received it.</summary>
    public async Task<UploadReceipt> UploadAsync(Guid packetId, byte[] envelope, string sha256,
        Action? firstBytesAccepted, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var declaration = JsonSerializer.SerializeToUtf8Bytes(new UploadRequest(packetId, envelope.LongLength, sha256),
            JsonSerializerOptions.Web);
        var status = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/uploads")
            {
                Content = new ByteArrayContent(declaration),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return request;
        }, ct);
        var announced = false;
        while (true)
        {
            if (status.GetProperty("status").GetString() == "received")
            {
                return new UploadReceipt(packetId, status.GetProperty("receivedAt").GetDateTimeOffset());
            }

            var offset = status.GetProperty("offset").GetInt64();
            var length = (int)Math.Min(ChunkSize, envelope.LongLength - offset);
            status = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, $"api/uploads/{packetId}")
                {
                    Content = new ByteArrayContent(envelope, (int)offset, length),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
                request.Headers.Add(ResumableUploadsApi.OffsetHeader, offset.ToString(CultureInfo.InvariantCulture));
                return request;
            }, ct);
            if (!announced)
            {
                announced = true;
                firstBytesAccepted?.Invoke();
            }
        }
    }

    private string Capital => string.Concat(upstreamName[..1].ToUpperInvariant(), upstreamName.AsSpan(1));

    protected async Task<JsonElement> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(build);
        HttpResponseMessage response;
        try
        {
            using var request = build();
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException ||
                                   (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TransientUploadException($"{Capital} could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                throw new TransientUploadException($"The connection broke while reading the answer: {ex.Message}", ex);
            }

            JsonElement json;
            try
            {
                json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new TransientUploadException(
                    $"{Capital} answered {(int)response.StatusCode} with a body that is not JSON.");
            }

            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var type = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var t) ? t.GetString() : null;
            var detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (type == ProblemPrefix + "upload-offset-mismatch")
            {
                // The upstream has more or fewer bytes than we thought (a lost answer): carry on from its offset.
                return JsonDocument.Parse(
                    $"{{\"status\":\"uploading\",\"offset\":{json.GetProperty("offset").GetInt64()}}}").RootElement.Clone();
            }

            if (type is not null && (type.StartsWith(ProblemPrefix + "kit-", StringComparison.Ordinal) ||
                                     type.StartsWith(ProblemPrefix + "office-", StringComparison.Ordinal)))
            {
                var who = type.StartsWith(ProblemPrefix + "kit-", StringComparison.Ordinal) ? "field kit" : "office";
                throw new TransientUploadException(
                    $"{Capital} refuses this {who} ({type.Replace(ProblemPrefix, "", StringComparison.Ordinal)}): {detail}");
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or
                    HttpStatusCode.TooManyRequests || type is null || type == ProblemPrefix + "upload-unknown")
            {
                throw new TransientUploadException($"{Capital} answered {(int)response.StatusCode}: {detail ?? "no detail"}");
            }

            throw new PacketRefusedException(type.Replace(ProblemPrefix, "", StringComparison.Ordinal),
                detail ?? $"Refused with status {(int)response.StatusCode}");
        }
    }
}

public sealed record UploadReceipt(Guid PacketId, DateTimeOffset ReceivedAt);

/// <summary>The upstream could not be reached, or refused the sender as a whole: try again later.</summary>
public sealed class TransientUploadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The upstream refused this one packet, with a stable problem code.</summary>
public sealed class PacketRefusedException(string code, string reason) : Exception($"{code}: {reason}")
{
    public string Code { get; } = code;
    public string Reason { get; } = reason;
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ektp.Regional.Sync;

/// <summary>
/// The upstream side of the resumable upload protocol (docs/transport.md). Network failures and 5xx answers throw
/// <see cref="TransientUploadException"/> (try again later); a refusal the centre means throws
/// <see cref="PacketRefusedException"/> (set the packet aside).
/// </summary>
internal sealed class CentralClient(HttpClient http)
{
    public const int ChunkSize = 256 * 1024;

    public Task<string> FetchEncryptionKeyAsync(CancellationToken ct) => FetchKeyAsync("encryptionKey", "encryption", ct);

    public Task<string> FetchSigningKeyAsync(CancellationToken ct) => FetchKeyAsync("signingKey", "signing", ct);

    /// <summary>One of the centre's public keys from `GET /api/keys` (SubjectPublicKeyInfo, base64).</summary>
    private async Task<string> FetchKeyAsync(string property, string what, CancellationToken ct)
    {
        var keys = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/keys"), ct);
        return keys.GetProperty(property).GetString()
            ?? throw new TransientUploadException($"The centre did not give its {what} key.");
    }

    /// <summary>One page of the region's decision feed after <paramref name="after"/>.</summary>
    public async Task<JsonElement> FetchDecisionsAsync(string region, long after, int limit, CancellationToken ct) =>
        await SendAsync(() => new HttpRequestMessage(HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"api/decisions?region={region}&after={after}&limit={limit}")), ct);

    /// <summary>Uploads the envelope from wherever the centre stands; returns when the centre has received it.</summary>
    public async Task<UploadReceipt> UploadAsync(Guid packetId, byte[] envelope, string sha256,
        Action? firstBytesAccepted, CancellationToken ct)
    {
        var status = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/uploads")
        {
            Content = JsonContent.Create(new { packetId, size = envelope.LongLength, sha256 }),
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
                request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
                return request;
            }, ct);
            if (!announced)
            {
                announced = true;
                firstBytesAccepted?.Invoke();
            }
        }
    }

    private async Task<JsonElement> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = build();
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException ||
                                   (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TransientUploadException($"The centre could not be reached: {ex.Message}", ex);
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
                throw new TransientUploadException($"The centre answered {(int)response.StatusCode} with a body that is not JSON.");
            }

            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var type = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var t) ? t.GetString() : null;
            var detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (type == "urn:ektp:problem:upload-offset-mismatch")
            {
                // The centre has more or fewer bytes than we thought (a lost answer): carry on from its offset.
                return JsonDocument.Parse(
                    $"{{\"status\":\"uploading\",\"offset\":{json.GetProperty("offset").GetInt64()}}}").RootElement.Clone();
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or
                    HttpStatusCode.TooManyRequests || type is null || type == "urn:ektp:problem:upload-unknown")
            {
                throw new TransientUploadException($"The centre answered {(int)response.StatusCode}: {detail ?? "no detail"}");
            }

            throw new PacketRefusedException(type.Replace("urn:ektp:problem:", "", StringComparison.Ordinal),
                detail ?? $"Refused with status {(int)response.StatusCode}");
        }
    }
}

internal sealed record UploadReceipt(Guid PacketId, DateTimeOffset ReceivedAt);

internal sealed class TransientUploadException(string message, Exception? inner = null) : Exception(message, inner);

internal sealed class PacketRefusedException(string code, string reason) : Exception($"{code}: {reason}")
{
    public string Code { get; } = code;
    public string Reason { get; } = reason;
}

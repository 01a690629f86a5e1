using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Hosting;

namespace Ektp.Cli.Demo;

/// <summary>What a regional server answered to one enrollment.</summary>
internal abstract record EnrollmentResult
{
    public sealed record Recorded(Guid PacketId) : EnrollmentResult;

    /// <summary>Refused with a problem (4xx): nothing was stored.</summary>
    public sealed record Refused(int Status, string Code, string Detail) : EnrollmentResult
    {
        public bool IsAboutTheFinger => Code.StartsWith("finger-", StringComparison.Ordinal);
    }
}

/// <summary>
/// Sends one demo enrollment through a regional server's real `POST /api/enrollments`, as a capture client does:
/// multipart with the resident's NIK, a photo, a signature and one real finger as the right thumb; the other nine
/// are declared missing (the development images hold one finger per person).
/// </summary>
internal static class DemoEnrollments
{
    public const string MissingReason = "not in the development set";

    public static async Task<EnrollmentResult> PostAsync(HttpClient http, string regionalUrl, string nik,
        string operatorName, DemoFinger finger, string impression, CancellationToken ct)
    {
        var seed = (int)(long.Parse(nik, CultureInfo.InvariantCulture) % int.MaxValue);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(nik), "nik" },
            { new StringContent("office"), "location" },
            { new StringContent(operatorName), "operator" },
            { new StringContent(finger.Dpi.ToString(CultureInfo.InvariantCulture)), "dpi" },
            {
                new StringContent(string.Join(",", Enumerable.Range(2, 9).Select(n => $"{n}:{MissingReason}"))),
                "missing"
            },
        };
        form.Add(Image(DemoImages.Photo(seed), "image/jpeg"), "photo", "photo.jpg");
        form.Add(Image(DemoImages.Signature(seed), "image/png"), "signature", "signature.png");
        form.Add(Image(await File.ReadAllBytesAsync(impression, ct), "image/png"), "finger1",
            Path.GetFileName(impression));

        using var response = await http.PostAsync(new Uri(new Uri(regionalUrl), "/api/enrollments"), form, ct);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return new EnrollmentResult.Recorded(body.GetProperty("packetId").GetGuid());
        }

        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            // Whether anything was stored is unknown: the caller keeps the finger as used.
            throw new HttpRequestException($"The regional server answered {status}: " +
                                           await response.Content.ReadAsStringAsync(ct));
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var type = problem.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var code = type.StartsWith(Problems.TypePrefix, StringComparison.Ordinal)
            ? type[Problems.TypePrefix.Length..]
            : status.ToString(CultureInfo.InvariantCulture);
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        return new EnrollmentResult.Refused(status, code, detail);
    }

    /// <summary>The resident's status code at the regional server (<c>PRINT_READY_RECORD</c>) and its reason.</summary>
    public static async Task<(string Status, string? Reason)> StatusAsync(HttpClient http, string regionalUrl,
        string nik, CancellationToken ct)
    {
        var body = await http.GetFromJsonAsync<JsonElement>(
            new Uri(new Uri(regionalUrl), $"/api/residents/{nik}/status"), ct);
        return (body.GetProperty("status").GetString() ?? "",
            body.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
    }

    private static ByteArrayContent Image(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}

using System.Globalization;
using Ektp.Central.Adjudication;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ektp.Central.Web;

/// <summary>
/// `GET /kasus/{id}/gambar/{side}/{part}`: one image of a case's packet for the adjudication page — side `baru`
/// (the later packet) or `lama` (the earlier one), part `foto`, `tanda-tangan` or `jari-1` … `jari-10`. The bytes
/// go out with the content type sniffed from them; a missing or damaged image is a placeholder, never an error.
/// </summary>
internal static class CaseImagesEndpoint
{
    public static IEndpointRouteBuilder MapCaseImages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/kasus/{id:long}/gambar/{side}/{part}", GetImage)
            .RequireAuthorization(EktpPolicies.Adjudication).WithTags("Adjudication")
            .WithName("CaseImage")
            .WithSummary("An image of a case's packet (side baru|lama, part foto|tanda-tangan|jari-N)");
        return endpoints;
    }

    public static string Url(long id, string side, string part) =>
        string.Create(CultureInfo.InvariantCulture, $"/kasus/{id}/gambar/{side}/{part}");

    /// <summary>The packet entry prefix a URL part names; null when it names none.</summary>
    internal static string? PrefixOf(string part)
    {
        if (part == "foto")
        {
            return "photo.";
        }

        if (part == "tanda-tangan")
        {
            return "signature.";
        }

        return part.StartsWith("jari-", StringComparison.Ordinal) &&
               int.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) &&
               n is >= 1 and <= 10
            ? string.Create(CultureInfo.InvariantCulture, $"fingers/{n:00}.")
            : null;
    }

    internal static async Task<IResult> GetImage(long id, string side, string part, CaseDossiers dossiers,
        UiText text, HttpContext http, CancellationToken ct)
    {
        if (side is not (CaseDossiers.LaterSide or CaseDossiers.EarlierSide) || PrefixOf(part) is not { } prefix)
        {
            return Problems.NotFound("image-unknown", "No such image.",
                "Images are /kasus/{id}/gambar/{baru|lama}/{foto|tanda-tangan|jari-1…jari-10}.");
        }

        var (caseExists, packet) = await dossiers.OpenAsync(id, side, part, ct);
        if (!caseExists)
        {
            return Problems.NotFound("case-unknown", "No such case.", $"There is no case {id}.");
        }

        var (width, height) = prefix.StartsWith("fingers/", StringComparison.Ordinal) ? (300, 300) : (240, 300);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (packet is null)
        {
            return Placeholder(http, text["image.damaged"], width, height, "damaged");
        }

        var name = PacketImages.FindPart(packet.Parts.Keys, prefix);
        if (name is null)
        {
            return Placeholder(http, text["image.missing"], width, height, "missing");
        }

        if (PacketImages.ForBrowser(packet.Parts[name]) is not { } image)
        {
            return Placeholder(http, text["image.damaged"], width, height, "damaged");
        }

        // A stored packet never changes, so its images may be kept by the browser.
        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return Results.File(image.Bytes, image.ContentType);
    }

    private static IResult Placeholder(HttpContext http, string text, int width, int height, string why)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Ektp-Placeholder"] = why;
        return Results.File(PacketImages.Placeholder(text, width, height), "image/svg+xml");
    }
}

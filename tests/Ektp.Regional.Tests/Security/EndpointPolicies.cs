using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Tests.Security;

/// <summary>
/// Reads the policy every endpoint of a running app states (from its own endpoint list) and checks it for real over
/// HTTP: anonymous, and one account per role. Shared by the regional and central tests.
/// </summary>
internal static partial class EndpointPolicies
{
    public const string Anonymous = "anonymous";

    /// <summary>"GET /api/residents/{nik}" → the policy it names, <see cref="Anonymous"/>, or null when it names
    /// neither (which the tests refuse).</summary>
    public static SortedDictionary<string, string?> Declared(WebApplication app)
    {
        var found = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy ?? (a.Roles is null ? EktpPolicyNames.Staff : "roles:" + a.Roles)).Distinct().ToList();
            var policy = anonymous ? Anonymous : policies.Count == 0 ? null : string.Join("+", policies);
            foreach (var method in methods)
            {
                found[$"{method} {pattern}"] = policy;
            }
        }

        return found;
    }

    /// <summary>A concrete URL for a route pattern: route values replaced by plausible ones.</summary>
    public static string Url(string pattern) => RouteValue().Replace(pattern, m => m.Groups[1].Value switch
    {
        "nik" => "1472010101900001",
        "side" => "baru",
        "part" => "foto",
        var name when m.Value.Contains(":guid", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal) =>
            "0196a4a0-0000-7000-8000-000000000001",
        _ => "1",
    }).Replace("//", "/", StringComparison.Ordinal);

    /// <summary>What a request of this identity got: refused for lack of a sign-in, refused for the role, or let in.</summary>
    public static async Task<Access> TryAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Access.SignInNeeded,
            HttpStatusCode.Redirect or HttpStatusCode.Found
                when response.Headers.Location?.OriginalString.Contains("/masuk", StringComparison.Ordinal) == true =>
                response.Headers.Location.OriginalString.Contains("/masuk/ditolak", StringComparison.Ordinal)
                    ? Access.Forbidden
                    : Access.SignInNeeded,
            HttpStatusCode.Forbidden => Access.Forbidden,
            _ => Access.Allowed,
        };
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(:[a-z]+)?\??\}")]
    private static partial Regex RouteValue();
}

internal enum Access
{
    SignInNeeded,
    Forbidden,
    Allowed,
}

internal static class EktpPolicyNames
{
    public const string Staff = "staff";
}

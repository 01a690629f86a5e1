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

    /// <summary>An endpoint for field kits: it states anonymous access, and its middleware wants a kit's signed
    /// request, so every caller here (anonymous, or a user's token) is refused with 401.</summary>
    public const string Kit = "kit";

    /// <summary>An endpoint for regional servers (offices): like <see cref="Kit"/>, it states anonymous access and its
    /// middleware wants a request signed by a registered office's key.</summary>
    public const string Office = "office";

    /// <summary>Every endpoint states a policy, and it is the one in <paramref name="expected"/> (a table that names
    /// every endpoint, so a new one without an entry fails).</summary>
    public static void AssertDeclared(WebApplication app, IReadOnlyDictionary<string, string> expected)
    {
        var declared = Declared(app);
        var unstated = declared.Where(d => d.Value is null).Select(d => d.Key).ToList();
        Assert.True(unstated.Count == 0, "endpoints without a policy: " + string.Join(", ", unstated));
        var unknown = declared.Keys.Except(expected.Keys).ToList();
        Assert.True(unknown.Count == 0, "endpoints missing from this test's table: " + string.Join(", ", unknown));
        foreach (var (endpoint, policy) in expected)
        {
            Assert.True(declared.ContainsKey(endpoint), $"{endpoint} is gone");
            var want = policy is Kit or Office ? Anonymous : policy;
            Assert.True(declared[endpoint] == want, $"{endpoint}: states {declared[endpoint]}, expected {want}");
        }
    }

    /// <summary>Calls every endpoint of <paramref name="expected"/> anonymously and as each role; returns each
    /// answer that differs from what the policy (a role set of <paramref name="roles"/>, or several joined by
    /// '+', all of which must admit the role) says.</summary>
    public static async Task<List<string>> MismatchesAsync(IReadOnlyDictionary<string, string> expected,
        IReadOnlyDictionary<string, string[]> roles, HttpClient anonymous, IReadOnlyDictionary<string, HttpClient> clients)
    {
        var wrong = new List<string>();
        foreach (var (endpoint, policy) in expected)
        {
            var (method, pattern) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
            if (endpoint is "POST /keluar" or "POST /masuk" or "GET /masuk/ditolak")
            {
                continue; // the sign-in page's own form posts, and the page that says "denied" (always 403)
            }

            var url = Url(pattern);
            var got = await TryAsync(anonymous, method, url);
            var want = policy == Anonymous ? Access.Allowed : Access.SignInNeeded;
            if (got != want)
            {
                wrong.Add($"{endpoint} anonymous: {got}, expected {want}");
            }

            foreach (var (role, client) in clients)
            {
                got = await TryAsync(client, method, url);
                want = policy switch
                {
                    Kit or Office => Access.SignInNeeded, // a user's token is not a kit's or an office's signature
                    Anonymous => Access.Allowed,
                    _ => policy.Split('+').All(p => roles[p].Contains(role)) ? Access.Allowed : Access.Forbidden,
                };
                if (got != want)
                {
                    wrong.Add($"{endpoint} as {role}: {got}, expected {want}");
                }
            }
        }

        return wrong;
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

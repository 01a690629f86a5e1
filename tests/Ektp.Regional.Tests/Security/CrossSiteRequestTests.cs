using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Security;

/// <summary>
/// A browser signed in with the cookie can be made to send a request from another site (CSRF). The pages' forms carry
/// antiforgery tokens; the API endpoints (JSON, multipart) refuse a cookie-carrying change whose Origin or
/// Sec-Fetch-Site says it comes from elsewhere, and still take the same request from the server's own origin or with
/// a bearer token.
/// </summary>
[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed partial class CrossSiteRequestTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        using (var setup = new HttpClient { BaseAddress = new Uri(_server.Url) })
        {
            await _server.SignInAsync(setup, [EktpRoles.Recording], "operator.csrf"); // makes the account
        }

        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() })
        {
            BaseAddress = new Uri(_server.Url),
        };
        var login = await _browser.GetStringAsync("/masuk");
        var token = Token().Match(login).Groups[1].Value;
        using var signedIn = await _browser.PostAsync("/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "operator.csrf",
            ["password"] = RegionalServer.TestPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/masuk", signedIn.Headers.Location?.OriginalString ?? "/masuk", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cookie_request_from_another_site_is_refused(string header, string value)
    {
        using var request = ChangeRequest();
        request.Headers.Add(header, value);

        using var response = await _browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("urn:ektp:problem:cross-site-request",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_same_request_from_the_servers_own_origin_goes_through()
    {
        using var request = ChangeRequest();
        request.Headers.Add("Origin", _server.Url.TrimEnd('/'));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await _browser.SendAsync(request);

        // Past the cross-site check: the endpoint itself answers (the NIK is not in the registry).
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("cross-site-request", body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static HttpRequestMessage ChangeRequest() =>
        new(HttpMethod.Post, "/api/residents/1472010101900001/changes")
        {
            Content = JsonContent.Create(new { kind = "correction", field = "address", newValue = "JL. MERDEKA 1" }),
        };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

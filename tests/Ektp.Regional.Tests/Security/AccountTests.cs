using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Security;

/// <summary>Sign-in: lockout after failed attempts, one-time passwords, tokens that belong to one server only.</summary>
[Trait("Category", "Database")]
public sealed class AccountTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Anonymous() => new() { BaseAddress = new Uri(_server.Url) };

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        await using (var accounts = AccountAdmin.Open(_server.NewDbContext, ServerKind.Regional))
        {
            await accounts.AddAsync("op.coba", EktpRoles.Recording, "benar-sekali-1", mustChange: false);
        }

        using var client = Anonymous();
        for (var i = 0; i < SecuritySetup.MaxFailedAttempts - 1; i++)
        {
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/token",
                new { user = "op.coba", password = "salah-" + i }), HttpStatusCode.Unauthorized, "login-failed");
        }

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/token",
            new { user = "op.coba", password = "salah-terakhir" }), HttpStatusCode.Locked, "account-locked");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/token",
            new { user = "op.coba", password = "benar-sekali-1" }), HttpStatusCode.Locked, "account-locked");

        // An unknown user gets the same answer as a wrong password.
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/token",
            new { user = "tidak.ada", password = "apa-saja-123" }), HttpStatusCode.Unauthorized, "login-failed");
    }

    [Fact]
    public async Task A_one_time_password_must_be_changed_before_a_token_is_given()
    {
        string oneTime;
        await using (var accounts = AccountAdmin.Open(_server.NewDbContext, ServerKind.Regional))
        {
            oneTime = await accounts.AddAsync("spv.baru", EktpRoles.Supervisor);
        }

        using var client = Anonymous();
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/token",
            new { user = "spv.baru", password = oneTime }), HttpStatusCode.Forbidden, "password-change-required");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/password",
                new { user = "spv.baru", password = oneTime, newPassword = "pendek1" }),
            HttpStatusCode.UnprocessableEntity, "password-weak");
        var changed = await client.PostAsJsonAsync("/api/auth/password",
            new { user = "spv.baru", password = oneTime, newPassword = "kata-sandi-baru-7" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        await ApiSignIn.AuthorizeAsync(client, "spv.baru", "kata-sandi-baru-7");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("spv.baru", me.GetProperty("user").GetString());
        Assert.Equal([EktpRoles.Supervisor], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_token_of_one_region_means_nothing_at_another()
    {
        await using var singkawang = await RegionalServer.StartAsync("6172");
        using var dumaiToken = Anonymous();
        await _server.SignInAsync(dumaiToken, EktpRoles.Regional);

        using var request = new HttpRequestMessage(HttpMethod.Get, singkawang.Url + "/api/residents?name=A");
        request.Headers.Authorization = dumaiToken.DefaultRequestHeaders.Authorization;
        using var response = await dumaiToken.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Pages_send_a_browser_without_a_sign_in_to_the_sign_in_form_and_carry_security_headers()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_server.Url),
        };

        using var response = await browser.GetAsync("/cetak");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/masuk", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString,
            StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var login = await browser.GetStringAsync("/masuk");
        Assert.Contains("__RequestVerificationToken", login, StringComparison.Ordinal);
    }
}

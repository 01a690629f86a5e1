using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Security;

/// <summary>The client side of `POST /api/auth/token`: signs an HttpClient in with a user's bearer token.</summary>
public static class ApiSignIn
{
    /// <summary>Makes sure a service account exists on the server's database (the demo's enrollment stream, a test
    /// client) and signs the client in with it.</summary>
    public static async Task EnsureAndAuthorizeAsync<TContext>(HttpClient client, Func<TContext> createContext,
        ServerKind kind, string user, IReadOnlyList<string> roles, string password, CancellationToken ct = default)
        where TContext : DbContext
    {
        await using (var accounts = AccountAdmin.Open(createContext, kind))
        {
            await accounts.EnsureAsync(user, roles, password, mustChange: false);
        }

        await AuthorizeAsync(client, user, password, ct);
    }

    public static async Task<DateTimeOffset> AuthorizeAsync(HttpClient client, string user, string password,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { user, password }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Sign-in of '{user}' failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                    ?? throw new InvalidOperationException("The token response was empty.");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return token.ExpiresAt;
    }
}

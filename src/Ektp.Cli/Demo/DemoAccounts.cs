using Ektp.Central.Data;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Cli.Demo;

/// <summary>
/// The demo's staff accounts: one per role on each server, made on the first start with one-time passwords that are
/// printed once (each must be changed at its first sign-in), and the stream's own service account, whose password is
/// new at every start and never printed.
/// </summary>
internal static class DemoAccounts
{
    public const string StreamUser = "demo.aliran";

    private static readonly (string User, string Role)[] Regional =
    [
        ("operator.rekam", EktpRoles.Recording), ("operator.cetak", EktpRoles.Printing),
        ("supervisor", EktpRoles.Supervisor), ("admin", EktpRoles.Admin), ("laporan", EktpRoles.Reporting),
    ];

    private static readonly (string User, string Role)[] Central =
    [
        ("adjudikator", EktpRoles.Adjudicator), ("admin.pusat", EktpRoles.CentralAdmin),
        ("laporan.pusat", EktpRoles.Reporting),
    ];

    public static async Task EnsureCentralAsync(WebApplication app, string url, TextWriter output)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        await using var accounts = AccountAdmin.Open(() => CentralDbContext.Create(settings), ServerKind.Central);
        await EnsureAsync(accounts, Central, $"Central server {url}", output);
    }

    public static async Task EnsureRegionalAsync(WebApplication app, string name, string url, TextWriter output)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        await using var accounts = AccountAdmin.Open(() => RegionalDbContext.Create(settings), ServerKind.Regional);
        await EnsureAsync(accounts, Regional, $"{name} {url}", output);
    }

    /// <summary>A client of a regional server signed in as the stream's service account.</summary>
    public static async Task<HttpClient> StreamClientAsync(WebApplication app, string url, string trustedCertificate,
        CancellationToken ct)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        var password = AccountAdmin.OneTimePassword();
        await using (var accounts = AccountAdmin.Open(() => RegionalDbContext.Create(settings), ServerKind.Regional))
        {
            await accounts.EnsureAsync(StreamUser, [EktpRoles.Recording], password, mustChange: false);
            await accounts.ResetAsync(StreamUser, password, mustChange: false);
        }

        var client = new HttpClient(Tls.ClientHandler(trustedCertificate))
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        await ApiSignIn.AuthorizeAsync(client, StreamUser, password, ct);
        return client;
    }

    private static async Task EnsureAsync(AccountAdmin accounts, (string User, string Role)[] wanted, string where,
        TextWriter output)
    {
        var made = new List<(string User, string Role, string Password)>();
        foreach (var (user, role) in wanted)
        {
            var password = AccountAdmin.OneTimePassword();
            if (await accounts.EnsureAsync(user, [role], password, mustChange: true))
            {
                made.Add((user, role, password));
            }
        }

        if (made.Count == 0)
        {
            return;
        }

        output.WriteLine($"Accounts of {where} (one-time passwords, shown once; change at first sign-in):");
        foreach (var (user, role, password) in made)
        {
            output.WriteLine($"  {user,-16} {role,-20} {password}");
        }
    }
}

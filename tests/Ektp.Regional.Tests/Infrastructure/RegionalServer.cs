using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>A real regional server on a loopback port, over a real database, with a clock the test controls.</summary>
internal sealed class RegionalServer : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private RegionalServer(WebApplication app, TestDatabase database, FakeTimeProvider clock, string url)
    {
        App = app;
        Database = database;
        Clock = clock;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url) };
    }

    private bool _ownsDatabase = true;

    public WebApplication App { get; }
    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public string Url { get; }
    public HttpClient Client { get; }

    /// <param name="database">An existing database to start on (it is then the caller's to dispose); default: a
    /// fresh one that goes with the server.</param>
    public static async Task<RegionalServer> StartAsync(string regionCode = "1472",
        Func<RegionalSettings, RegionalSettings>? configure = null, TestDatabase? database = null)
    {
        var ownsDatabase = database is null;
        database ??= await TestDatabase.CreateAsync();
        var settings = new RegionalSettings
        {
            RegionCode = regionCode,
            Urls = "http://127.0.0.1:0",
            DataDir = database.DataDir,
            Db = database.ConnectionString,
        };
        settings = configure?.Invoke(settings) ?? settings;
        var clock = new FakeTimeProvider(DefaultNow);
        var app = RegionalApp.Build(settings, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await RegionalApp.PrepareDatabaseAsync(app.Services);
        await app.StartAsync();
        var server = new RegionalServer(app, database, clock, app.BoundUrl()) { _ownsDatabase = ownsDatabase };
        await server.SignInAsync(server.Client, EktpRoles.Regional);
        return server;
    }

    /// <summary>The password of every test account (<see cref="SignInAsync"/>).</summary>
    public const string TestPassword = "uji-rahasia-2026";

    /// <summary>Signs <paramref name="client"/> in as an account holding <paramref name="roles"/> (made on first use;
    /// the default client holds every regional role, so tests of behaviour are not tests of roles).</summary>
    public async Task SignInAsync(HttpClient client, IReadOnlyList<string> roles, string? user = null)
    {
        user ??= roles.Count == EktpRoles.Regional.Count ? "test.semua" : "test." + string.Join('.', roles);
        await ApiSignIn.EnsureAndAuthorizeAsync(client, NewDbContext, ServerKind.Regional, user, roles, TestPassword);
    }

    /// <summary>
    /// A second client signed in as a supervisor's own account (<c>test.supervisor</c>): a change requested through
    /// <see cref="Client"/> is decided here, because no account may decide its own request.
    /// </summary>
    public async Task<HttpClient> SupervisorClientAsync()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Url) };
        await SignInAsync(client, [EktpRoles.Supervisor], "test.supervisor");
        return client;
    }

    /// <summary>The server's data keys: what tests use to read the biometric columns, which are sealed at rest.</summary>
    public DataCipher Cipher => App.Services.GetRequiredService<DataCipher>();

    /// <summary>A fresh DbContext for arranging data and asserting what was (or was not) stored.</summary>
    public RegionalDbContext NewDbContext() =>
        RegionalDbContext.Create(App.Services.GetRequiredService<Hosting.DatabaseSettings>());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}

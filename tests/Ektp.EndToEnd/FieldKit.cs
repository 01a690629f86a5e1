using Ektp.Biometrics;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.EndToEnd.Faults;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd;

/// <summary>
/// A field kit (the regional app in field mode) on a loopback port over its own database, linked to the regional
/// server of <see cref="TwoServers"/> through a <see cref="FaultyProxy"/> that the test takes down and brings back.
/// </summary>
internal sealed class FieldKit : IAsyncDisposable
{
    public const string OfficeName = "Disdukcapil Kota Dumai (field kit)";
    public const string Device = "LAPTOP-JEMPUT-BOLA-1";

    private FieldKit(WebApplication app, TestDatabase database, FaultyProxy link)
    {
        App = app;
        Database = database;
        Link = link;
        Client = new HttpClient { BaseAddress = new Uri(app.BoundUrl()) };
    }

    public WebApplication App { get; }
    public TestDatabase Database { get; }
    public FaultyProxy Link { get; }
    public HttpClient Client { get; }

    public RegionalKeys Keys => App.Services.GetRequiredService<RegionalKeys>();

    /// <param name="name">Registered at the regional server under this name; null leaves the kit unregistered.</param>
    public static async Task<FieldKit> StartAsync(TwoServers servers, TimeProvider clock, string? area,
        string? name = "Mobil Sekolah 1")
    {
        var database = await TestDatabase.CreateAsync();
        var link = new FaultyProxy(new Uri(servers.Regional.BoundUrl()), seed: 2011, refuse: 0, stall: 0,
            meanBytesBeforeCut: int.MaxValue);
        var app = RegionalApp.Build(new RegionalSettings
        {
            RegionCode = TwoServers.Region,
            Urls = "http://127.0.0.1:0",
            DataDir = database.DataDir,
            Db = database.ConnectionString,
            RegionalUrl = link.Url,
            Area = area,
            OfficeName = OfficeName,
            Device = Device,
            OutboxPollInterval = TimeSpan.FromMilliseconds(200),
            OutboxRetryBase = TimeSpan.FromMilliseconds(200),
            OutboxRetryMax = TimeSpan.FromSeconds(2),
            UpstreamTimeout = TimeSpan.FromSeconds(5),
        }, builder => builder.Services.AddSingleton(clock));
        await RegionalApp.PrepareDatabaseAsync(app.Services);
        if (name is not null)
        {
            await RegisterAsync(servers, app.Services.GetRequiredService<RegionalKeys>(), name);
        }

        await app.StartAsync();
        var kit = new FieldKit(app, database, link);
        await ApiSignIn.EnsureAndAuthorizeAsync(kit.Client,
            () => RegionalDbContext.Create(app.Services.GetRequiredService<DatabaseSettings>()), ServerKind.Regional,
            "op.lapangan", [EktpRoles.Recording, EktpRoles.Supervisor], TwoServers.TestPassword);
        return kit;
    }

    public static async Task RegisterAsync(TwoServers servers, RegionalKeys keys, string name)
    {
        await using var db = servers.NewRegionalDb();
        var outcome = await FieldKitRegistry.RegisterAsync(db, RegionalKeys.PublicPem(keys.Office), name, "supervisor",
            DateTime.UtcNow, CancellationToken.None);
        Assert.IsType<FieldKitOutcome.Done>(outcome);
    }

    public RegionalDbContext NewDb() => RegionalDbContext.Create(App.Services.GetRequiredService<DatabaseSettings>());

    /// <summary>Records a resident at the kit with one finger of <paramref name="person"/>, the others missing.</summary>
    public async Task<Guid> EnrollAsync(string nik, int person, string location, string operatorName)
    {
        using var response = await Client.PostAsync("/api/enrollments",
            DistinctFingers.Form(nik, person, location, operatorName).Build());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("packetId").GetGuid();
    }

    public async Task<(int Waiting, int Sent, int SetAside)> OutboxAsync()
    {
        await using var db = NewDb();
        var states = await db.Outbox.Select(o => o.State).ToListAsync();
        return (states.Count(s => s == OutboxState.Pending), states.Count(s => s == OutboxState.Sent),
            states.Count(s => s == OutboxState.SetAside));
    }

    public async Task<RecordStatus?> StatusAsync(string nik)
    {
        await using var db = NewDb();
        return await db.Residents.Where(r => r.Nik == nik).Select(r => (RecordStatus?)r.Status).SingleOrDefaultAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Link.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Enrollment forms whose persons do not share fingers, so the centre's 1:N search finds no duplicate among them:
/// person N gives one finger, the N-th distinct finger of the committed FVC2002 sample, and declares the nine
/// others missing.
/// </summary>
internal static class DistinctFingers
{
    private static readonly Lazy<List<byte[]>> Fingers = new(Load);

    public static int Count => Fingers.Value.Count;

    public static EnrollmentForm Form(string nik, int person, string location = "office", string operatorName = "op.dumai")
    {
        var form = new EnrollmentForm()
            .Field("nik", nik).Field("location", location).Field("operator", operatorName)
            .Field("missing", string.Join(',', Enumerable.Range(2, 9).Select(i => $"{i}:bandaged")))
            .File("photo", TestImages.FacePhoto(), "photo.jpg", "image/jpeg")
            .File("signature", TestImages.Png(200, 80, 200), "signature.png", "image/png")
            .File("finger1", Fingers.Value[person], "f1.png", "image/png");
        return form;
    }

    private static List<byte[]> Load()
    {
        var root = FindSample();
        var fingers = new List<byte[]>();
        foreach (var db in new[] { "DB1_B", "DB3_B" })
        {
            foreach (var group in Directory.GetFiles(Path.Combine(root, db), "*_*.png")
                         .GroupBy(f => Path.GetFileName(f).Split('_')[0], StringComparer.Ordinal)
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var usable = group.Order(StringComparer.Ordinal).Select(File.ReadAllBytes).FirstOrDefault(bytes =>
                    FingerprintQuality.RejectionReason(FingerprintTemplate.Extract(FingerprintImage.Decode(bytes))) is null);
                if (usable is not null)
                {
                    fingers.Add(usable);
                }
            }
        }

        return fingers;
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "fingerprints", "sample");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Ektp.slnx")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("data/fingerprints/sample/ not found above the test folder.");
    }
}

/// <summary>
/// The real clock moved by <see cref="Shift"/>: shared by the regional server and the field kit, it lets a test
/// spend "three days" offline in a second while both sides still agree on the time (the kit signs its requests with
/// it) and every timer keeps running on real time.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}

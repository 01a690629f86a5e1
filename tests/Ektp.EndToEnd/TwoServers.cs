using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd;

/// <summary>
/// A central and a Kota Dumai regional server on loopback ports, each over its own real database and on the real
/// clock, with the regional office's key registered at the centre as a central admin would.
/// </summary>
internal sealed class TwoServers : IAsyncDisposable
{
    public const string Region = "1472";
    private static int _serial;

    private TwoServers(WebApplication central, TestDatabase centralDb, WebApplication regional, TestDatabase regionalDb)
    {
        Central = central;
        CentralDb = centralDb;
        Regional = regional;
        RegionalDb = regionalDb;
        CentralClient = new HttpClient { BaseAddress = new Uri(central.BoundUrl()) };
        RegionalClient = new HttpClient { BaseAddress = new Uri(regional.BoundUrl()) };
    }

    public WebApplication Central { get; }
    public TestDatabase CentralDb { get; }
    public WebApplication Regional { get; }
    public TestDatabase RegionalDb { get; }
    public HttpClient CentralClient { get; }
    public HttpClient RegionalClient { get; }

    /// <param name="beforeRegionalStart">Called with the regional data folder before the regional server starts.</param>
    /// <param name="configureRegional">Called on the regional server's builder (e.g. to give it another clock).</param>
    /// <param name="configureCentral">Called on the central server's builder (the same clock: the centre checks the
    /// time of the office's signed requests).</param>
    public static async Task<TwoServers> StartAsync(Action<string>? beforeRegionalStart = null,
        Action<WebApplicationBuilder>? configureRegional = null, Action<WebApplicationBuilder>? configureCentral = null)
    {
        var centralDb = await TestDatabase.CreateAsync();
        var central = CentralApp.Build(new CentralSettings
        {
            Urls = "http://127.0.0.1:0",
            DataDir = centralDb.DataDir,
            Db = centralDb.ConnectionString,
            PipelinePollInterval = TimeSpan.FromMilliseconds(100),
        }, configureCentral);
        await CentralApp.PrepareDatabaseAsync(central.Services);
        await central.StartAsync();

        var regionalDb = await TestDatabase.CreateAsync();
        var regional = RegionalApp.Build(new RegionalSettings
        {
            RegionCode = Region,
            Urls = "http://127.0.0.1:0",
            DataDir = regionalDb.DataDir,
            Db = regionalDb.ConnectionString,
            CentralUrl = central.BoundUrl(),
            OutboxPollInterval = TimeSpan.FromMilliseconds(200),
            OutboxRetryBase = TimeSpan.FromMilliseconds(200),
        }, configureRegional);
        await RegionalApp.PrepareDatabaseAsync(regional.Services);

        await using (var db = CentralDbContext.Create(central.Services.GetRequiredService<DatabaseSettings>()))
        {
            var office = RegionalKeys.PublicPem(regional.Services.GetRequiredService<RegionalKeys>().Office);
            await OfficeRegistry.AddAsync(db, Region, office, DateTime.UtcNow, CancellationToken.None);
        }

        beforeRegionalStart?.Invoke(regionalDb.DataDir);
        await regional.StartAsync();
        var servers = new TwoServers(central, centralDb, regional, regionalDb);
        await ApiSignIn.EnsureAndAuthorizeAsync(servers.CentralClient,
            () => CentralDbContext.Create(central.Services.GetRequiredService<DatabaseSettings>()), ServerKind.Central,
            "test.semua", EktpRoles.Central, TestPassword);
        await ApiSignIn.EnsureAndAuthorizeAsync(servers.RegionalClient, servers.NewRegionalDb, ServerKind.Regional,
            "test.semua", EktpRoles.Regional, TestPassword);
        return servers;
    }

    public const string TestPassword = "uji-rahasia-2026";

    public RegionalDbContext NewRegionalDb() =>
        RegionalDbContext.Create(Regional.Services.GetRequiredService<DatabaseSettings>());

    /// <summary>Adds an unregistered adult resident of kelurahan Purnama to the regional registry; returns the NIK.</summary>
    public async Task<string> AddResidentAsync(string name)
    {
        var serial = Interlocked.Increment(ref _serial);
        var birth = new DateOnly(1990, 1, 1).AddDays(serial);
        var resident = new Resident
        {
            Nik = Nik.Compose("147201", birth, Sex.Male, serial),
            Kk = KkNumber.Compose("147201", new DateOnly(2010, 5, 1), serial),
            Name = name,
            BirthPlace = "DUMAI",
            BirthDate = birth,
            Sex = Sex.Male,
            BloodType = BloodType.O,
            Address = "JL. SULTAN SYARIF KASIM NO. 12",
            Rt = 3,
            Rw = 2,
            KelurahanCode = "1472011006",
            Religion = Religion.Islam,
            MaritalStatus = MaritalStatus.BelumKawin,
            Occupation = "WIRASWASTA",
            Citizenship = Citizenship.Wni,
            Education = Education.Slta,
            MotherName = "SITI AMINAH",
        };
        await using var db = NewRegionalDb();
        db.Residents.Add(ResidentRecord.From(resident, RecordStatus.Unregistered, DateTime.UtcNow));
        db.Families.Add(new FamilyRecord
        {
            KkNumber = resident.Kk.Value,
            HeadNik = resident.Nik.Value,
            Address = resident.Address,
            Rt = resident.Rt,
            Rw = resident.Rw,
            KelurahanCode = resident.KelurahanCode,
        });
        await db.SaveChangesAsync();
        return resident.Nik.Value;
    }

    public async Task EnrollAsync(string nik)
    {
        using var response = await RegionalClient.PostAsync("/api/enrollments", EnrollmentForm.Complete(nik).Build());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls the resident's status at the regional server until it is <paramref name="wanted"/> (≤ 60 s).</summary>
    public async Task WaitForStatusAsync(string nik, RecordStatus wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        RecordStatus status;
        while (true)
        {
            await using (var db = NewRegionalDb())
            {
                status = db.Residents.Single(r => r.Nik == nik).Status;
            }

            if (status == wanted)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var outbox = await RegionalClient.GetFromJsonAsync<JsonElement>("/api/outbox");
                var feed = await RegionalClient.GetFromJsonAsync<JsonElement>("/api/decision-feed");
                Assert.Fail($"{nik} is {RecordLifecycle.Code(status)} after 60 s, not {RecordLifecycle.Code(wanted)}; " +
                            $"outbox {outbox}, feed {feed}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        CentralClient.Dispose();
        RegionalClient.Dispose();
        await Regional.StopAsync();
        await Regional.DisposeAsync();
        await Central.StopAsync();
        await Central.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await RegionalDb.DisposeAsync();
        await CentralDb.DisposeAsync();
    }
}

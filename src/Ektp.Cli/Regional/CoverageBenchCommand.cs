using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Lifecycle;
using Ektp.Core.Population;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp regional bench`: how long the coverage report of a synthetic Kota Dumai of N residents takes to render, over
/// real HTTP on loopback from a regional server as it runs in production: the JSON at every level, the dashboard page
/// (report and 12-week trend), the CSV and the PDF. The residents recorded in the last 12 weeks before the report's
/// date get a status history (sent, print-ready, printed), so the as-of and trend paths read history too.
/// </summary>
internal static class CoverageBenchCommand
{
    private const string HistoryKey = "bench-coverage-history";
    private static readonly DateOnly AsOf = new(2013, 12, 19);

    public static Command Create()
    {
        var population = new Option<int>("--population")
        {
            Description = "Residents of the synthetic city",
            DefaultValueFactory = _ => 300_000,
        };
        var runs = new Option<int>("--runs") { Description = "Timed runs per request", DefaultValueFactory = _ => 5 };
        var data = new Option<string?>("--data")
        {
            Description = "Data folder (kept: a later run reuses the seeded city); default: a folder under the temp "
                          + "directory named after the population",
        };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string; default: SQLite in the data folder" };
        var command = new Command("bench", "Measure how long the coverage report of a synthetic city takes to render")
        {
            population, runs, data, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var residents = parse.GetValue(population);
            var count = parse.GetValue(runs);
            if (residents is < 1_000 or > 5_000_000 || count is < 1 or > 100)
            {
                throw new CliException("--population 1,000–5,000,000 and --runs 1–100.");
            }

            var folder = parse.GetValue(data) ?? Path.Combine(Path.GetTempPath(),
                string.Create(CultureInfo.InvariantCulture, $"ektp-bench-coverage-{residents}"));
            await RunAsync(residents, count, Path.GetFullPath(folder), parse.GetValue(db), ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(int population, int runs, string folder, string? db, CancellationToken ct)
    {
        var settings = new RegionalSettings
        {
            RegionCode = "1472",
            Urls = "http://127.0.0.1:0",
            DataDir = folder,
            Db = db,
        };
        await using var app = RegionalCommands.Build(settings);
        var scenario = CityScenario.Small("1472", population, AsOf, seed: 2013);
        await RegionalCommands.PrepareAsync(app, scenario, ct);
        await AddHistoryAsync(app.Services, ct);
        await app.StartAsync(ct);
        // CPU time of this process (server and client) per request: on a shared machine the wall time mostly
        // measures the other processes' load, the CPU time what the report itself costs.
        using var process = Process.GetCurrentProcess();
        using var http = new HttpClient { BaseAddress = new Uri(app.BoundUrl()), Timeout = TimeSpan.FromMinutes(5) };
        await SignInAsync(app, http, ct);

        var day = AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string Name, string Path)[] requests =
        [
            ("JSON kecamatan", $"/api/reports/coverage?level=kecamatan&asOf={day}"),
            ("JSON kelurahan (whole city)", $"/api/reports/coverage?level=kelurahan&asOf={day}"),
            ("JSON kelurahan of Dumai Barat", $"/api/reports/coverage?level=kelurahan&asOf={day}&parent=147201"),
            ("JSON rt (whole city)", $"/api/reports/coverage?level=rt&asOf={day}"),
            ("JSON trend, 12 weeks", $"/api/reports/coverage/trend?asOf={day}"),
            ("CSV kecamatan", $"/api/reports/coverage.csv?level=kecamatan&asOf={day}"),
            ("PDF report (kecamatan + trend)", $"/api/reports/coverage.pdf?asOf={day}"),
            ("dashboard page /cakupan", $"/cakupan?asOf={day}"),
        ];
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Coverage report of a synthetic Kota Dumai, {population:N0} residents, as of {day}; {runs} runs after one "
            + $"warm-up; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
        foreach (var (name, path) in requests)
        {
            var times = new List<double>(runs);
            var cpu = new List<double>(runs);
            long bytes = 0;
            for (var i = 0; i <= runs; i++)
            {
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                watch.Stop();
                process.Refresh();
                var cpuUsed = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new CliException($"{path} answered {(int)response.StatusCode}.");
                }

                bytes = body.Length;
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    cpu.Add(cpuUsed);
                }
            }

            times.Sort();
            cpu.Sort();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-32} median {times[times.Count / 2],7:F0} ms   max {times[^1],7:F0} ms   "
                + $"CPU median {cpu[cpu.Count / 2],7:F0} ms   {bytes / 1024.0,8:F1} KiB"));
        }

        await app.StopAsync(ct);
    }

    // The reports need an account: a reporting one kept in the bench's data folder, given a fresh password that
    // nobody is shown on every run.
    private static async Task SignInAsync(WebApplication app, HttpClient http, CancellationToken ct)
    {
        const string user = "bench.laporan";
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        var password = AccountAdmin.OneTimePassword();
        await using (var accounts = AccountAdmin.Open(() => RegionalDbContext.Create(database), ServerKind.Regional))
        {
            await accounts.EnsureAsync(user, [EktpRoles.Reporting], password, mustChange: false);
            await accounts.ResetAsync(user, password, mustChange: false);
        }

        await ApiSignIn.AuthorizeAsync(http, user, password, ct);
    }

    // Residents recorded in the 12 weeks before the date went through the stages as real ones do: sent the next day,
    // print-ready a week after recording, printed three weeks after (if that is before the date).
    private static async Task AddHistoryAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        if (await db.Settings.AnyAsync(s => s.Key == HistoryKey, ct))
        {
            return;
        }

        var cut = AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
        var from = cut.AddDays(-84);
        var recent = await db.Residents.Where(r => r.RecordedAt >= from && r.RecordedAt < cut).ToListAsync(ct);
        foreach (var resident in recent)
        {
            var at = resident.RecordedAt!.Value;
            (TimeSpan After, RecordStatus To)[] stages =
            [
                (TimeSpan.Zero, RecordStatus.BioCaptured), (TimeSpan.FromDays(1), RecordStatus.SentForEnrollment),
                (TimeSpan.FromDays(7), RecordStatus.PrintReadyRecord), (TimeSpan.FromDays(21), RecordStatus.Printed),
            ];
            var status = RecordStatus.Unregistered;
            foreach (var (after, to) in stages)
            {
                db.StatusEvents.Add(new StatusEvent { Nik = resident.Nik, From = status, To = to, At = at + after, By = "bench" });
                status = to;
                resident.StatusSince = at + after;
            }

            resident.Status = status;
        }

        db.Settings.Add(new SettingRecord { Key = HistoryKey, Value = recent.Count.ToString(CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync(ct);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Status history added for {recent.Count:N0} residents recorded in the 12 weeks before {AsOf:yyyy-MM-dd}"));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ektp.Cli.Infrastructure;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Regional.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Audit;

/// <summary>
/// `ektp audit bench [--writes N] [--entries N] [--db CONNSTR]`: on a fresh regional database, what the audit log
/// adds to a write (a one-row business write saved alone, and saved with its audit entry in the same SaveChanges), what
/// an entry written on its own costs (a read's trace), and how fast `ektp audit verify` walks a log of N entries.
/// </summary>
internal static class AuditBenchCommand
{
    public static Command Create()
    {
        var writes = new Option<int>("--writes")
        {
            Description = "Writes timed per kind (after 200 warm-up writes)",
            DefaultValueFactory = _ => 2_000,
        };
        var entries = new Option<int>("--entries")
        {
            Description = "Entries in the log that verify walks",
            DefaultValueFactory = _ => 200_000,
        };
        var db = new Option<string?>("--db")
        {
            Description = "An empty PostgreSQL database (connection string); default: SQLite in a temporary folder",
        };
        var command = new Command("bench", "Measure the cost of an audited write and the speed of verify")
        {
            writes, entries, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(writes);
            var m = parse.GetValue(entries);
            if (n is < 100 or > 1_000_000 || m is < 1_000 or > 50_000_000)
            {
                throw new CliException("--writes 100–1,000,000 and --entries 1,000–50,000,000.");
            }

            await RunAsync(n, m, parse.GetValue(db), ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(int writes, int entries, string? db, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ektp-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var settings = DatabaseSettings.Resolve(db, folder, ServerDatabases.RegionalFile);
            await using (var context = RegionalDbContext.Create(settings))
            {
                await context.Database.MigrateAsync(ct);
                if (await context.AuditEntries.AnyAsync(ct) || await context.Settings.AnyAsync(ct))
                {
                    throw new CliException("--db: the database must be empty (the bench adds rows it does not remove).");
                }
            }

            using var log = new AuditLog(TimeProvider.System);
            var actor = new AuditActor("bench.user", "supervisor", "127.0.0.1");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Audit log on {(settings.Provider == DatabaseProvider.Sqlite ? "SQLite (file)" : "PostgreSQL")}, " +
                $"{writes:N0} writes per kind, verify over {entries:N0} entries; {Environment.ProcessorCount} cores; " +
                $"load average {LoadAverage()}"));

            var next = 0;
            async Task BusinessAsync(bool audited)
            {
                await using var context = RegionalDbContext.Create(settings);
                var key = string.Create(CultureInfo.InvariantCulture, $"bench-{next++}");
                context.Settings.Add(new SettingRecord { Key = key, Value = "x" });
                if (audited)
                {
                    await log.AppendAsync(context, actor,
                        [new AuditEvent(AuditActions.CardPrint, "1472010101900001", "card " + key)], ct);
                }
                else
                {
                    await context.SaveChangesAsync(ct);
                }
            }

            async Task EntryAloneAsync()
            {
                await using var context = RegionalDbContext.Create(settings);
                await log.AppendAsync(context, actor, [new AuditEvent(AuditActions.PersonRead, "1472010101900001")], ct);
            }

            // The three kinds take turns, 50 calls each, so the machine's drift (JIT, caches, other load) falls on all
            // three alike; each figure is the median of single calls.
            Func<Task>[] kinds = [() => BusinessAsync(audited: false), () => BusinessAsync(audited: true), EntryAloneAsync];
            var times = kinds.Select(_ => new List<double>(writes)).ToArray();
            var cpu = new double[kinds.Length]; // CPU time of this process, which on a loaded machine says more
            using var process = Process.GetCurrentProcess();
            for (var i = 0; i < 200; i++)
            {
                await kinds[i % kinds.Length]();
            }

            for (var done = 0; done < writes; done += 50)
            {
                for (var k = 0; k < kinds.Length; k++)
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    for (var i = 0; i < Math.Min(50, writes - done); i++)
                    {
                        var watch = Stopwatch.StartNew();
                        await kinds[k]();
                        times[k].Add(watch.Elapsed.TotalMilliseconds);
                    }

                    process.Refresh();
                    cpu[k] += (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                }
            }

            var (plain, audited, alone) = (Median(times[0]), Median(times[1]), Median(times[2]));
            var (plainCpu, auditedCpu, aloneCpu) = (cpu[0] / writes, cpu[1] / writes, cpu[2] / writes);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  business write alone            {plain:F3} ms per write (median wall), {plainCpu:F3} ms CPU"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  business write + audit entry    {audited:F3} ms (+{audited - plain:F3}), {auditedCpu:F3} ms CPU " +
                $"(+{auditedCpu - plainCpu:F3})"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  audit entry on its own (a read) {alone:F3} ms per entry, {aloneCpu:F3} ms CPU"));

            // Fill the log up to the size verify walks, 1,000 entries per SaveChanges.
            await using (var context = RegionalDbContext.Create(settings))
            {
                var have = await context.AuditEntries.CountAsync(ct);
                var batch = Enumerable.Range(0, 1_000)
                    .Select(i => new AuditEvent(AuditActions.PersonRead, "1472010101900001", "bench")).ToList();
                for (var left = entries - have; left > 0; left -= batch.Count)
                {
                    await log.AppendAsync(context, actor, batch[..Math.Min(left, batch.Count)], ct);
                    context.ChangeTracker.Clear();
                }
            }

            await using (var context = RegionalDbContext.Create(settings))
            {
                var watch = Stopwatch.StartNew();
                var result = await AuditVerify.RunAsync(context, null, ct);
                watch.Stop();
                if (!result.Intact)
                {
                    throw new CliException("verify found the bench's own log broken: " + result.Break!.Reason);
                }

                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  verify                          {result.Checked:N0} entries in {watch.Elapsed.TotalSeconds:F2} s " +
                    $"= {result.Checked / watch.Elapsed.TotalSeconds:N0} entries/s"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // left in the temp folder
            }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

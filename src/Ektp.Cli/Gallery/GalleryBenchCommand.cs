using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Central.Pipeline;
using Ektp.Cli.Infrastructure;
using Ektp.Gallery;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Cli.Gallery;

/// <summary>
/// `ektp bench gallery`: what one identification costs per million persons, pre-filter and exact matcher apart; how
/// much of the gallery passes the pre-filter and how many mates are missed; memory per person and GC pauses with a
/// large gallery; how fast a shard rebuilds from the gallery log; what fanning out to 3 silos adds to one process;
/// and the national extrapolation from those figures (docs/scale.md).
/// </summary>
internal static class GalleryBenchCommand
{
    private const double Threshold = FingerprintMatcher.DefaultThreshold;
    private const double National = 190e6;
    private const double RecordingsPerDay = 327_000;

    public static Command Create()
    {
        var persons = new Option<int>("--persons")
        {
            Description = "Synthetic persons (2 fingers) in the in-memory gallery for the search figures",
            DefaultValueFactory = _ => 1_000_000,
        };
        var probes = new Option<int>("--probes") { Description = "Probes per measurement (half of them mated)", DefaultValueFactory = _ => 20 };
        var dbPersons = new Option<int>("--db-persons")
        {
            Description = "Persons written to a central database for the rebuild and fan-out figures",
            DefaultValueFactory = _ => 150_000,
        };
        var db = new Option<string?>("--db")
        {
            Description = "A PostgreSQL server (connection string or postgres:// URL) for the rebuild and fan-out figures: " +
                          "a throw-away database is made on it and dropped at the end (default: a SQLite file)",
        };
        var command = new Command("gallery", "Measure the national gallery: search cost, pre-filter, memory, GC, rebuild, fan-out")
        {
            persons, probes, dbPersons, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (p, q, d) = (parse.GetValue(persons), parse.GetValue(probes), parse.GetValue(dbPersons));
            if (p is < 1_000 or > 20_000_000 || q is < 2 or > 1_000 || d is < 1_000 or > 5_000_000)
            {
                throw new CliException("--persons 1,000–20,000,000, --probes 2–1,000, --db-persons 1,000–5,000,000.");
            }

            DatabaseSettings? server = null;
            if (parse.GetValue(db) is { } value)
            {
                try
                {
                    server = DatabaseSettings.Resolve(value, ".", "central.db");
                }
                catch (ArgumentException e)
                {
                    throw new CliException(e.Message);
                }

                if (server.Provider != DatabaseProvider.Postgres)
                {
                    throw new CliException("--db takes a PostgreSQL server; without it the bench uses a SQLite file.");
                }
            }

            await RunAsync(p, q, d, server, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(int persons, int probes, int dbPersons, DatabaseSettings? server,
        CancellationToken ct)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"machine: {cores} cores, {Environment.OSVersion}, .NET {Environment.Version}, " +
                          $"server GC {System.Runtime.GCSettings.IsServerGC}, GC latency mode " +
                          $"{System.Runtime.GCSettings.LatencyMode}");
        // Made first, so that a server that cannot be reached fails the command before the long search part.
        var bench = server is null ? null : await BenchDatabase.CreateAsync(server, ct);
        try
        {
            var search = MeasureSearch(persons, probes);
            var (rebuildRate, fanOut) = await MeasureDatabaseAsync(dbPersons, probes, bench, ct);
            PrintExtrapolation(search, rebuildRate, fanOut);
        }
        finally
        {
            if (server is not null && bench is not null)
            {
                await BenchDatabase.DropAsync(server, bench);
            }
        }
    }

    private sealed record SearchFigures(double CoreSecondsPerMillion, double PrefilterShare, double BytesPerPerson);

    private static SearchFigures MeasureSearch(int persons, int probes)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        using var gallery = new FingerprintGallery();
        var progress = new ProgressLine("building gallery", persons);
        var added = 0;
        foreach (var batch in SyntheticPersons.Batches(0, persons))
        {
            var from = added;
            Parallel.For(0, batch.Length, i => gallery.Add(from + i, batch[i]));
            added += batch.Length;
            progress.Report(added);
        }

        progress.Done(added);
        var build = clock.Elapsed.TotalSeconds;
        var heap = GC.GetTotalMemory(true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gallery: {persons:N0} synthetic persons x 2 fingers built in {build:F1} s; memory per person " +
            $"{heap / (double)persons:F0} bytes of managed heap ({gallery.MemoryBytes / (double)persons:F0} bytes in " +
            $"the gallery arrays); process working set {Environment.WorkingSet / 1e9:F2} GB"));

        using var pauses = new GcPauses();
        var process = Process.GetCurrentProcess();
        var rows = new List<(bool Mated, bool Found, double Wall, double Cpu, double Prefilter, double Exact,
            long Scanned, int Comparisons)>();
        for (var q = 0; q < probes; q++)
        {
            var mated = q % 2 == 0;
            var target = (int)((q * 7919L) % persons);
            var probe = SyntheticPersons.Fingers(mated ? target : persons + q, impression: 1 + q);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            clock.Restart();
            var (found, stats) = gallery.SearchWithStatistics(probe, 10, Threshold);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            rows.Add((mated, found.Count > 0 && found[0].PersonId == target, wall,
                (process.TotalProcessorTime - cpu).TotalSeconds, stats.PrefilterMilliseconds,
                stats.ExactMilliseconds, stats.FingersScanned, stats.ExactComparisons));
        }

        var millions = persons / 1e6;
        var cpuPerSearch = rows.Average(r => r.Cpu);
        var share = rows.Sum(r => r.Prefilter) / rows.Sum(r => r.Prefilter + r.Exact);
        var perMillion = cpuPerSearch / millions;
        var passRate = rows.Sum(r => (double)r.Comparisons) / rows.Sum(r => (double)r.Scanned);
        var matedRows = rows.Where(r => r.Mated).ToList();
        var missed = matedRows.Count(r => !r.Found);
        var meanWall = rows.Average(r => r.Wall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"search (2-finger probe, {probes} probes, half mated, threshold {Threshold}): wall mean " +
            $"{meanWall * 1000:F0} ms, max {rows.Max(r => r.Wall) * 1000:F0} ms on {Environment.ProcessorCount} cores; " +
            $"CPU {cpuPerSearch:F3} core-s per search"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"core-seconds per 2-finger search per million persons: {perMillion:F3} (pre-filter {perMillion * share:F3}, " +
            $"exact matching {perMillion * (1 - share):F3})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pre-filter pass rate {passRate * 100:F3} % of the fingers scanned reach the exact matcher; mated probes " +
            $"missed at that pass rate: {missed} of {matedRows.Count} ({100.0 * missed / matedRows.Count:F1} %)"));
        Console.WriteLine(persons == 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"1,000,000 persons, 2-finger probe: mean {meanWall * 1000:F0} ms on {Environment.ProcessorCount} cores (measured)")
            : string.Create(CultureInfo.InvariantCulture, $"1,000,000 persons, 2-finger probe: about {meanWall / millions * 1000:F0} ms on " +
                        $"{Environment.ProcessorCount} cores (extrapolated linearly from {persons:N0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC during the searches with a {heap / 1e9:F2} GB gallery: {pauses.Count} collections, pause p99 " +
            $"{pauses.Percentile(0.99):F1} ms, max {pauses.Max:F1} ms (gen2: {pauses.Gen2})"));
        return new SearchFigures(perMillion, share, heap / (double)persons);
    }

    private static async Task<(double PersonsPerSecond, double OverheadPercent)> MeasureDatabaseAsync(int persons,
        int probes, DatabaseSettings? postgres, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ektp-gallery-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = postgres ?? new DatabaseSettings(DatabaseProvider.Sqlite,
            $"Data Source={Path.Combine(folder, "central.db")};Pooling=True;Default Timeout=120");
        var provider = database.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";
        try
        {
            // The log holds sealed templates, as in production: the rebuild figure includes opening them.
            var cipher = DataCipher.ForTesting();
            var lastSeq = await WriteLogAsync(database, cipher, persons, ct);
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var single = new GalleryPartition(0, 1);
            await single.CatchUpAsync(new EfGalleryLog(database, cipher), 0, ct);
            var rate = persons / clock.Elapsed.TotalSeconds;
            process.Refresh();
            var coreSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rebuild from the gallery log ({provider}): {persons:N0} persons in {clock.Elapsed.TotalSeconds:F1} s = " +
                $"{rate:N0} persons/s; a 1,000,000-person shard: about {1e6 / rate:F0} s ({coreSeconds / persons * 1e6:F1} " +
                $"core-s of CPU per million persons: {coreSeconds / persons * 1e6 / Environment.ProcessorCount:F1} s on " +
                $"{Environment.ProcessorCount} idle cores)"));

            await using (var db = CentralDbContext.Create(database))
            {
                await GalleryShardIndex.EnsureAsync(db, database.Provider, 3, ct);
            }

            var silos = await StartLocalClusterAsync(database, cipher, 3, ct);
            try
            {
                var client = await StartClientAsync(silos.Gateways, ct);
                silos.Hosts.Insert(0, client); // stopped first
                var coordinator = new GalleryCoordinator(client.Services.GetRequiredService<IGrainFactory>(), 3);
                clock.Restart();
                if (!await coordinator.WaitReadyAsync(TimeSpan.FromMinutes(30), ct))
                {
                    throw new CliException("the 3 shards did not load within 30 minutes.");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"3 silos in this process, 3 shards loaded in {clock.Elapsed.TotalSeconds:F1} s"));
                double one = 0, three = 0;
                for (var q = -2; q < probes; q++)
                {
                    var probe = SyntheticPersons.Fingers(q % 2 == 0 ? Math.Abs(q) * 13 : persons + 500 + q, 11 + q);
                    clock.Restart();
                    single.Search(probe, null, 10, Threshold);
                    var a = clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    await coordinator.SearchAsync(probe, lastSeq, null, 10, Threshold, ct);
                    var b = clock.Elapsed.TotalSeconds;
                    if (q >= 0)
                    {
                        // the first two warm both paths up
                        one += a;
                        three += b;
                    }
                }

                var overhead = ((three / one) - 1) * 100;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fan-out: {persons:N0} persons, one process {one / probes * 1000:F0} ms vs 3 silos " +
                    $"{three / probes * 1000:F0} ms per 2-finger search: overhead {overhead:F0} %"));
                return (rate, overhead);
            }
            finally
            {
                // The last silo first and the primary (which holds the membership) last, so that each silo stopping
                // can still unregister its activations from the silos left: the other order logged errors.
                foreach (var silo in Enumerable.Reverse(silos.Hosts))
                {
                    await silo.StopAsync(CancellationToken.None);
                    silo.Dispose();
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> WriteLogAsync(DatabaseSettings database, DataCipher cipher, int persons, CancellationToken ct)
    {
        await using var db = CentralDbContext.Create(database);
        await db.Database.MigrateAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTime.UtcNow;
        var progress = new ProgressLine("writing persons and gallery log", persons);
        var written = 0;
        long last = 0;
        foreach (var batch in SyntheticPersons.Batches(0, persons))
        {
            var rows = new EnrolledPerson[batch.Length];
            Parallel.For(0, batch.Length, i =>
            {
                var packetId = Guid.CreateVersion7();
                rows[i] = new EnrolledPerson
                {
                    PacketId = packetId,
                    Nik = "3174010101500001",
                    RegionCode = "3174",
                    EnrolledAt = now,
                    Templates = EnrolledPerson.PackTemplates(cipher, packetId, batch[i]),
                };
            });
            db.Persons.AddRange(rows);
            await db.SaveChangesAsync(ct);
            var entries = rows.Select(r => GalleryLog.Added(db, r, now)).ToList();
            await db.SaveChangesAsync(ct);
            last = entries[^1].Seq;
            db.ChangeTracker.Clear();
            written += batch.Length;
            progress.Report(written);
        }

        progress.Done(written);
        return last;
    }

    private sealed record LocalCluster(List<IHost> Hosts, int[] Gateways);

    private static async Task<LocalCluster> StartLocalClusterAsync(DatabaseSettings database, DataCipher cipher,
        int count, CancellationToken ct)
    {
        var siloPorts = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
        var gateways = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
        var primary = new IPEndPoint(IPAddress.Loopback, siloPorts[0]);
        var hosts = new List<IHost>();
        for (var i = 0; i < count; i++)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            var (silo, gateway) = (siloPorts[i], gateways[i]);
            builder.UseOrleans(s =>
            {
                s.UseLocalhostClustering(silo, gateway, primary, GalleryCluster.ServiceId, GalleryCluster.ClusterId);
                GallerySilo.AddGalleryLog(s, database, cipher);
            });
            var host = builder.Build();
            await host.StartAsync(ct);
            hosts.Add(host);
        }

        return new LocalCluster(hosts, gateways);
    }

    private static async Task<IHost> StartClientAsync(int[] gateways, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(c => c.UseLocalhostClustering(gateways, GalleryCluster.ServiceId, GalleryCluster.ClusterId));
        var host = builder.Build();
        await host.StartAsync(ct);
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void PrintExtrapolation(SearchFigures search, double rebuildRate, double fanOut)
    {
        // The fan-out overhead is printed, not added: measured on small shards it is mostly the floor of 200 fingers
        // per shelf that every shard sends to the exact matcher, which shards of 1 M persons do not feel.
        var perSearch = search.CoreSecondsPerMillion * National / 1e6;
        var busy = RecordingsPerDay / 86_400 * perSearch;
        var cores = busy / 0.7;
        var memory = search.BytesPerPerson * National;
        var backlog = National * (National / 2 / 1e6) * search.CoreSecondsPerMillion;
        Console.WriteLine("national extrapolation from the rates measured above (190 M persons, 2 fingers):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  one identification against 190 M: {perSearch:N0} core-s (fan-out overhead measured above: {fanOut:F0} %); " +
            $"shards of 1 M persons: 190, each rebuilt in about {1e6 / rebuildRate:F0} s on this machine"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  327,000 recordings a day: {busy:N0} cores busy around the clock, {cores:N0} cores at 70 % utilisation; " +
            $"memory {memory / 1e9:N0} GB ({2 * memory / 1e9:N0} GB with a second copy of each shard)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  re-checking a backlog of 190 M (each against all earlier ones): {backlog / 86_400:N0} core-days, " +
            $"{backlog / 86_400 / cores:N0} days on those {cores:N0} cores"));
    }

    /// <summary>Every garbage collection's pause while it is alive, sampled from the runtime's GC history.</summary>
    private sealed class GcPauses : IDisposable
    {
        private readonly List<double> _pauses = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _seen;

        public GcPauses()
        {
            _seen = GC.GetGCMemoryInfo(GCKind.Any).Index;
            _thread = new Thread(Sample) { IsBackground = true, Name = "gc-pauses" };
            _thread.Start();
        }

        public int Count
        {
            get
            {
                lock (_pauses)
                {
                    return _pauses.Count;
                }
            }
        }

        public int Gen2 { get; private set; }

        public double Max
        {
            get
            {
                lock (_pauses)
                {
                    return _pauses.Count == 0 ? 0 : _pauses.Max();
                }
            }
        }

        public double Percentile(double p)
        {
            lock (_pauses)
            {
                if (_pauses.Count == 0)
                {
                    return 0;
                }

                var sorted = _pauses.Order().ToList();
                return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }

        private void Sample()
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
                {
                    var info = GC.GetGCMemoryInfo(kind);
                    if (info.Index > _seen)
                    {
                        lock (_pauses)
                        {
                            _pauses.Add(info.PauseDurations.ToArray().Sum(d => d.TotalMilliseconds));
                        }

                        Gen2 += info.Generation == 2 ? 1 : 0;
                    }
                }

                _seen = Math.Max(_seen, GC.GetGCMemoryInfo(GCKind.Any).Index);
                Thread.Sleep(2);
            }
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;
using Ektp.Central;
using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Central.Intake;
using Ektp.Central.Offices;
using Ektp.Central.Pipeline;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Identity;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CoreNik = Ektp.Core.Identity.Nik;

namespace Ektp.Cli.Central;

/// <summary>
/// `ektp central bench`: packets per second through the centre's intake and through its whole pipeline (intake →
/// validate → demographic → 1:N → decision) against a national gallery preloaded with synthetic persons. The central
/// server runs as it does in production (Kestrel on loopback, its own database); senders upload sealed packets over
/// real HTTP with the resumable upload protocol, one regional office each.
/// </summary>
internal static class CentralBenchCommand
{
    private const int SearchProbes = 20;

    /// <summary>The kecamatan of the preloaded persons' NIKs: in no sender's region, so no packet shares a NIK with
    /// them.</summary>
    private const string GalleryKecamatan = "317401";

    private const string PreloadSender = "bench-preload";

    /// <summary>Real kab/kota codes for the sending offices, one per concurrent sender.</summary>
    private static readonly string[] SenderRegions = ["1472", "6172", "3171", "3273", "3578", "1275", "7371", "5171"];

    public static Command Create()
    {
        var persons = new Option<int>("--persons")
        {
            Description = "Synthetic persons (2 fingers each) preloaded into the national gallery",
            DefaultValueFactory = _ => 100_000,
        };
        var packets = new Option<int>("--packets")
        {
            Description = "Packets per measurement (intake, pipeline, both together)",
            DefaultValueFactory = _ => 200,
        };
        var senders = new Option<int>("--senders")
        {
            Description = "Regional offices uploading at the same time (1–8)",
            DefaultValueFactory = _ => 4,
        };
        var data = new Option<string?>("--data")
        {
            Description = "Data folder of the benchmark's central server (kept; a later run reuses its gallery); " +
                          "default: a temporary folder, deleted afterwards",
        };
        var db = new Option<string?>("--db") { Description = "PostgreSQL connection string; default: SQLite in the data folder" };
        var command = new Command("bench", "Measure central intake and pipeline throughput against a preloaded gallery")
        {
            persons, packets, senders, data, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new BenchOptions(parse.GetValue(persons), parse.GetValue(packets), parse.GetValue(senders),
                parse.GetValue(data), parse.GetValue(db));
            if (options.Persons is < 0 or > 5_000_000 || options.Packets is < 1 or > 100_000 ||
                options.Senders is < 1 or > 8)
            {
                throw new CliException("--persons 0–5,000,000, --packets 1–100,000 and --senders 1–8.");
            }

            await RunAsync(options, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var dataDir = Path.GetFullPath(options.Data ??
                                       Path.Combine(Path.GetTempPath(), "ektp-central-bench", Guid.NewGuid().ToString("N")));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"central data: {dataDir}{(options.Db is null ? " (SQLite)" : " (PostgreSQL)")}");
        try
        {
            var settings = new CentralSettings
            {
                Urls = "http://127.0.0.1:0",
                DataDir = dataDir,
                Db = options.Db,
                RunPipeline = false, // started by hand after the intake-only measurement
            };
            await using var app = CentralApp.Build(settings, builder =>
                builder.Logging.AddFilter("Ektp", LogLevel.Warning)); // no line per packet
            await CentralApp.PrepareDatabaseAsync(app.Services, ct);
            await PreloadAsync(app.Services, options.Persons, ct);
            var offices = await RegisterOfficesAsync(app.Services, options.Senders, ct);
            await app.StartAsync(ct);
            var url = app.BoundUrl();

            var clock = Stopwatch.StartNew();
            var gallery = app.Services.GetRequiredService<InProcessGallery>();
            await gallery.EnsureLoadedAsync(ct);
            var loaded = gallery.Partition.Gallery;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gallery: {loaded.PersonCount:N0} persons, {loaded.FingerCount:N0} fingers loaded " +
                $"from the database in {clock.Elapsed.TotalSeconds:F1} s ({loaded.MemoryBytes / 1e6:F0} MB)"));
            MeasureSearch(loaded, options.Persons);

            using var http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(100) };
            clock.Restart();
            using var centreKey = await FetchEncryptionKeyAsync(http, ct);
            var earlier = await CountPacketsAsync(app.Services, ct); // a reused --data: new NIKs and persons
            var first = BuildPackets(offices, centreKey, options.Persons, earlier, options.Packets);
            var second = BuildPackets(offices, centreKey, options.Persons, earlier + options.Packets, options.Packets);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"packets: {first.Count + second.Count} built and sealed in {clock.Elapsed.TotalSeconds:F1} s " +
                $"(regional-side work, not timed below), {first.Average(p => p.Envelope.Length) / 1024:F0} KB " +
                $"per envelope on average"));

            var intake = await UploadAllAsync(url, offices, first, options.Senders, ct);
            Report($"intake only (pipeline stopped), {options.Senders} senders", first.Count, intake.Seconds,
                $"upload latency median {intake.Median * 1000:F0} ms, p95 {intake.P95 * 1000:F0} ms");

            var worker = ActivatorUtilities.CreateInstance<PipelineWorker>(app.Services);
            await worker.StartAsync(ct);
            try
            {
                clock.Restart();
                await WaitForDecisionsAsync(app.Services, first.Select(p => p.PacketId).ToList(), ct);
                Report("pipeline only (validate → demographic → 1:N → decision, packets already received)",
                    first.Count, clock.Elapsed.TotalSeconds,
                    await OutcomesAsync(app.Services, first.Select(p => p.PacketId).ToList(), ct));

                clock.Restart();
                var both = await UploadAllAsync(url, offices, second, options.Senders, ct);
                await WaitForDecisionsAsync(app.Services, second.Select(p => p.PacketId).ToList(), ct);
                Report($"whole path (intake and pipeline together, {options.Senders} senders)", second.Count,
                    clock.Elapsed.TotalSeconds,
                    string.Create(CultureInfo.InvariantCulture, $"uploads done after {both.Seconds:F1} s; ") +
                    await OutcomesAsync(app.Services, second.Select(p => p.PacketId).ToList(), ct));
            }
            finally
            {
                await worker.StopAsync(CancellationToken.None);
                worker.Dispose();
            }

            await app.StopAsync(CancellationToken.None);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (options.Data is null && Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static void Report(string what, int packets, double seconds, string detail) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {packets} packets in {seconds:F1} s = {packets / seconds:F1} packets/s " +
            $"({seconds * 1000 / packets:F0} ms per packet); {detail}"));

    /// <summary>
    /// Fills the `persons` table, as earlier enrollments would have, up to <paramref name="persons"/> synthetic
    /// persons with two fingers (right thumb and index), each with its gallery log row, from which the pipeline's
    /// gallery is rebuilt at start-up.
    /// </summary>
    private static async Task PreloadAsync(IServiceProvider services, int persons, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CentralDbContext>();
        var cipher = scope.ServiceProvider.GetRequiredService<DataCipher>();
        var existing = await db.Packets.CountAsync(p => p.SenderKeyId == PreloadSender, ct);
        if (existing >= persons)
        {
            Console.WriteLine($"preload: the database already holds {existing:N0} persons");
            return;
        }

        var clock = Stopwatch.StartNew();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        const int Batch = 5_000;
        var now = DateTime.UtcNow;
        for (var start = existing; start < persons; start += Batch)
        {
            var end = Math.Min(persons, start + Batch);
            var rows = new EnrolledPerson[end - start];
            Parallel.For(start, end, p =>
            {
                var packetId = Guid.CreateVersion7();
                rows[p - start] = new EnrolledPerson
                {
                    PacketId = packetId,
                    Nik = NikOf(GalleryKecamatan, p),
                    RegionCode = GalleryKecamatan[..4],
                    EnrolledAt = now,
                    Templates = EnrolledPerson.PackTemplates(cipher, packetId, Fingers(p, impressionSeed: p ^ 0x5EED)),
                };
            });
            db.Persons.AddRange(rows);
            await db.SaveChangesAsync(ct);
            foreach (var row in rows)
            {
                GalleryLog.Added(db, row, now);
            }

            // Each person's packet, as intake would have stored it (a case against this person reads its NIK and
            // region); the content is left empty, nothing reads it here.
            db.Packets.AddRange(rows.Select(r => new ReceivedPacket
            {
                PacketId = r.PacketId,
                EnvelopeSha256 = "",
                PacketSha256 = "",
                RegionCode = r.RegionCode,
                SenderKeyId = PreloadSender,
                Nik = r.Nik,
                RecordedAt = now,
                ReceivedAt = now,
                Content = cipher.SealPacket(r.PacketId, []),
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rpreload: {end:N0} persons"));
        }

        Console.Error.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"preload: {persons - existing:N0} synthetic persons (2 fingers each) generated and stored in " +
            $"{clock.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>The mean and worst time of one 2-finger search of the loaded gallery, with no database around it.</summary>
    private static void MeasureSearch(FingerprintGallery gallery, int persons)
    {
        var times = new List<double>();
        for (var q = 0; q < SearchProbes; q++)
        {
            var probe = Fingers(persons + 1_000_000 + q, impressionSeed: q + 1);
            var clock = Stopwatch.StartNew();
            gallery.Search(probe, 10, FingerprintMatcher.DefaultThreshold);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1:N search alone (2-finger probe, no mate): mean {times.Average():F0} ms, max {times.Max():F0} ms " +
            $"over {SearchProbes} probes"));
    }

    private static async Task<List<Office>> RegisterOfficesAsync(IServiceProvider services, int count,
        CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CentralDbContext>();
        var offices = new List<Office>();
        foreach (var region in SenderRegions.Take(count))
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await OfficeRegistry.AddAsync(db, region, key.ExportSubjectPublicKeyInfoPem(), DateTime.UtcNow, ct);
            offices.Add(new Office(region, key));
        }

        return offices;
    }

    private static async Task<int> CountPacketsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CentralDbContext>().Packets
            .CountAsync(p => p.SenderKeyId != PreloadSender, ct);
    }

    private static async Task<ECDiffieHellman> FetchEncryptionKeyAsync(HttpClient http, CancellationToken ct)
    {
        var keys = await new UpstreamClient(http).FetchKeyAsync("encryptionKey", ct);
        var key = ECDiffieHellman.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(keys), out _);
        return key;
    }

    /// <summary>
    /// Packets as a regional server builds them (demographics, photo, signature, two finger images, two templates),
    /// sealed for the centre by their office. The images are real FVC2002 sample images, so the sizes are real; the
    /// templates are those of new synthetic persons, so every packet is a new person (no mate in the gallery).
    /// </summary>
    private static List<BenchPacket> BuildPackets(List<Office> offices, ECDiffieHellman centre, int persons, int from,
        int count)
    {
        var images = SampleImages();
        var photo = Demo.DemoImages.Photo(1);
        var signature = Demo.DemoImages.Signature(1);
        var list = new BenchPacket[count];
        var sealing = new Lock();
        Parallel.For(0, count, i =>
        {
            var n = from + i;
            var office = offices[n % offices.Count];
            var packetId = Guid.CreateVersion7();
            var nik = NikOf(office.Region + "01", n);
            var resident = Resident(nik, office.Region);
            var fingers = Fingers(persons + n, impressionSeed: n + 7);
            var parts = new List<PacketPart>
            {
                new("demographics.json", "application/json",
                    JsonSerializer.SerializeToUtf8Bytes(resident, PacketBuilder.Json)),
                new("photo.jpg", "image/jpeg", photo),
                new("signature.png", "image/png", signature),
                new("fingers/01.png", "image/png", images[(2 * n) % images.Count]),
                new("fingers/02.png", "image/png", images[((2 * n) + 1) % images.Count]),
            };
            parts.AddRange(fingers.Select(f => new PacketPart($"templates/{(int)f.Key:00}.tpl",
                "application/vnd.ektp.fingerprint-template", f.Value.ToBytes())));
            var built = PacketBuilder.Build(new PacketHeader(packetId, Guid.CreateVersion7(), office.Region,
                $"Disdukcapil {office.Region}", "op.bench", "bench", DateTimeOffset.UtcNow, "office", nik), parts);
            byte[] envelope;
            lock (sealing) // the keys are shared by the threads; their objects are not documented thread-safe
            {
                envelope = PacketEnvelope.Seal(built.Content, packetId, office.Region, office.Key, centre);
            }

            list[i] = new BenchPacket(packetId, office.Region, envelope, PacketBuilder.Sha256Hex(envelope));
        });
        return [.. list];
    }

    /// <summary>Uploads every packet, each sender (office) sending its own packets one after another as an outbox
    /// does; returns the wall time and the per-upload latencies.</summary>
    private static async Task<(double Seconds, double Median, double P95)> UploadAllAsync(string url,
        List<Office> offices, List<BenchPacket> packets, int senders, CancellationToken ct)
    {
        var latencies = new double[packets.Count];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(packets.Select((p, i) => (Packet: p, Index: i)).GroupBy(p => p.Packet.Region)
            .Select(group => Task.Run(async () =>
            {
                // Each office signs its requests with its key, as a regional server does.
                var key = offices.First(o => o.Region == group.Key).Key;
                using var http = new HttpClient(new RequestSigner(SignatureScheme.Office, () => key, TimeProvider.System)
                {
                    InnerHandler = new HttpClientHandler(),
                })
                { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(100) };
                var client = new UpstreamClient(http);
                foreach (var (packet, index) in group)
                {
                    var started = clock.Elapsed.TotalSeconds;
                    await client.UploadAsync(packet.PacketId, packet.Envelope, packet.Sha256, null, ct);
                    latencies[index] = clock.Elapsed.TotalSeconds - started;
                }
            }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (seconds, latencies[latencies.Length / 2], latencies[(int)Math.Min(latencies.Length - 1,
            Math.Ceiling(latencies.Length * 0.95) - 1)]);
    }

    private static async Task WaitForDecisionsAsync(IServiceProvider services, List<Guid> ids, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60 + (ids.Count * 10));
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CentralDbContext>();
                var open = await db.PipelineJobs.CountAsync(j => ids.Contains(j.PacketId) && j.Stage != PipelineStage.Done,
                    ct);
                if (open == 0)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new CliException($"{open} of {ids.Count} packets still undecided; giving up.");
                }
            }

            await Task.Delay(100, ct);
        }
    }

    private static async Task<string> OutcomesAsync(IServiceProvider services, List<Guid> ids, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CentralDbContext>();
        var kinds = await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.PacketId))
            .GroupBy(d => d.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return "decisions: " + string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => $"{k.Count} {k.Key}"));
    }

    /// <summary>Two synthetic fingers (right thumb, right index) of person <paramref name="person"/>, as one
    /// impression chosen by <paramref name="impressionSeed"/> (the generator of the fingerprint benchmarks).</summary>
    private static Dictionary<FingerPosition, FingerprintTemplate> Fingers(int person, int impressionSeed)
    {
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        var noise = new SyntheticFingers(impressionSeed);
        return new()
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
        };
    }

    /// <summary>A unique NIK per number: the birth day moves on every 9,000 serials.</summary>
    private static string NikOf(string kecamatan6, int n) =>
        CoreNik.Compose(kecamatan6, new DateOnly(1950, 1, 1).AddDays(n / 9_000), Sex.Male, (n % 9_000) + 1).Value;

    private static Resident Resident(string nik, string region) => new()
    {
        Nik = CoreNik.Parse(nik),
        Kk = KkNumber.Compose(region + "01", new DateOnly(2010, 5, 1), 1),
        Name = "WARGA BENCH",
        BirthPlace = "DUMAI",
        BirthDate = new DateOnly(1950, 1, 1),
        Sex = Sex.Male,
        BloodType = BloodType.O,
        Address = "JL. BENCH NO. 1",
        Rt = 1,
        Rw = 1,
        KelurahanCode = region + "011001",
        Religion = Religion.Islam,
        MaritalStatus = MaritalStatus.Kawin,
        Occupation = "WIRASWASTA",
        Citizenship = Citizenship.Wni,
        Education = Education.Slta,
        MotherName = "SITI AMINAH",
    };

    /// <summary>The committed FVC2002 sample images (real finger images of real sizes), or flat placeholders.</summary>
    private static List<byte[]> SampleImages()
    {
        if (Demo.DemoFingers.Load() is { } set)
        {
            return [.. set.Fingers.SelectMany(f => f.Impressions).Take(48).Select(File.ReadAllBytes)];
        }

        Console.WriteLine("(no development fingerprint images found: finger images are placeholders)");
        return [Demo.DemoImages.Signature(7)];
    }

    private sealed record BenchOptions(int Persons, int Packets, int Senders, string? Data, string? Db);

    private sealed record Office(string Region, ECDsa Key);

    private sealed record BenchPacket(Guid PacketId, string Region, byte[] Envelope, string Sha256);
}

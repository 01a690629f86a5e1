using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ektp.Central.Data;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Ektp.EndToEnd.Faults;

/// <summary>
/// The real `ektp central` and `ektp regional` programs, each killed with SIGKILL in the middle of a run and started
/// again on the same data: every packet still arrives exactly once.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int PacketCount = 150;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ektp-crash", Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Killing_either_server_mid_run_loses_and_repeats_nothing()
    {
        var centralDir = Path.Combine(_root, "central");
        var regionalDir = Path.Combine(_root, "regional");
        var centralUrl = $"http://127.0.0.1:{FreePort()}";
        var regionalUrl = $"http://127.0.0.1:{FreePort()}";
        string[] centralArgs = ["central", "--urls", centralUrl, "--data", centralDir];
        string[] regionalArgs = ["regional", "--region", "1472", "--urls", regionalUrl, "--data", regionalDir,
            "--central", centralUrl];

        // First start creates the regional database and key; its public key is registered at the centre.
        var regional = Start(regionalArgs);
        await WaitForHealthAsync(regionalUrl);
        regional.Kill();
        await regional.WaitForExitAsync();
        var pem = Path.Combine(_root, "office.pem");
        await File.WriteAllTextAsync(pem, await RunToEndAsync("keys", "show", "--data", regionalDir));
        Assert.Contains("registered", await RunToEndAsync("central", "add-office", "--data", centralDir, "--region", "1472",
            "--key", pem), StringComparison.OrdinalIgnoreCase);
        var ids = await RecordAsync(regionalDir, PacketCount);

        var central = Start(centralArgs);
        await WaitForHealthAsync(centralUrl);
        regional = Start(regionalArgs);
        await WaitUntilAsync(() => Sent(regionalDir) >= PacketCount / 4, TimeSpan.FromMinutes(2));
        central.Kill(); // SIGKILL, in the middle of uploads
        await central.WaitForExitAsync();
        output.WriteLine($"central killed after {Sent(regionalDir)} packets");
        await Task.Delay(1500);
        central = Start(centralArgs);
        await WaitUntilAsync(() => Sent(regionalDir) >= PacketCount * 2 / 3, TimeSpan.FromMinutes(2));
        regional.Kill();
        await regional.WaitForExitAsync();
        output.WriteLine($"regional killed after {Sent(regionalDir)} packets");
        regional = Start(regionalArgs);
        await WaitUntilAsync(() => Sent(regionalDir) == PacketCount, TimeSpan.FromMinutes(3));
        await WaitUntilAsync(() => Decided(centralDir) == PacketCount, TimeSpan.FromMinutes(3));

        central.Kill();
        regional.Kill();
        await Task.WhenAll(central.WaitForExitAsync(), regional.WaitForExitAsync());
        await using var centralDb = CentralDbContext.Create(DatabaseSettings.Resolve(null, centralDir, "central.db"));
        var received = await centralDb.Packets.Select(p => p.PacketId).ToListAsync();
        Assert.Equal(ids.Order(), received.Order());
        var decided = await centralDb.Decisions.Select(d => d.PacketId).ToListAsync();
        Assert.Equal(ids.Order(), decided.Order()); // one decision each: these packets carry no fingers, so a refusal
        await using var regionalDb = RegionalDbContext.Create(DatabaseSettings.Resolve(null, regionalDir, "regional.db"));
        Assert.Equal(0, await regionalDb.Residents.CountAsync(r => r.Status == RecordStatus.BioCaptured ||
            r.Status == RecordStatus.Processing || r.Status == RecordStatus.SentForEnrollment));
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static async Task<string> RunToEndAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ektp {string.Join(' ', args)} exited {process.ExitCode}");
        return text;
    }

    /// <summary>Records residents as an enrollment does: resident, packet and outbox row in one transaction.</summary>
    private static async Task<List<Guid>> RecordAsync(string regionalDir, int count)
    {
        await using var db = RegionalDbContext.Create(DatabaseSettings.Resolve(null, regionalDir, "regional.db"));
        var cipher = new DataCipher(); // the server's data keys: packets are sealed at rest
        using (var master = new MasterKeySource(regionalDir).Load(createDefault: false))
        {
            DataKeyStore.Unlock(await DataKeyStore.LoadKeysAsync(db), master, cipher);
        }

        var ids = new List<Guid>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var resident = TestResidents.Make($"WARGA {i}", new DateOnly(1960 + (i % 40), 1 + (i % 12), 1 + (i % 28)));
            var record = ResidentRecord.From(resident, RecordStatus.BioCaptured, now);
            record.RecordedAt = now;
            db.Residents.Add(record);
            var packetId = Guid.CreateVersion7();
            var built = PacketBuilder.Build(
                new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil Kota Dumai", "op", "pc",
                    DateTimeOffset.UtcNow, "office", resident.Nik.Value),
                [
                    new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")),
                    new PacketPart("photo.jpg", "image/jpeg", new byte[100_000 + (i * 7919 % 150_000)]),
                ]);
            db.Packets.Add(new PacketRecord
            {
                Id = packetId,
                EnrollmentId = built.Manifest.Header.EnrollmentId,
                Nik = resident.Nik.Value,
                CreatedAt = now,
                Sha256 = built.Sha256,
                Size = built.Content.Length,
                Content = RegionalAtRest.SealPacket(cipher, packetId, built.Content),
            });
            db.Outbox.Add(new OutboxEntry { PacketId = packetId, CreatedAt = now, State = OutboxState.Pending });
            ids.Add(packetId);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static int Sent(string regionalDir)
    {
        using var db = RegionalDbContext.Create(DatabaseSettings.Resolve(null, regionalDir, "regional.db"));
        return db.Outbox.Count(o => o.State == OutboxState.Sent);
    }

    private static int Decided(string centralDir)
    {
        using var db = CentralDbContext.Create(DatabaseSettings.Resolve(null, centralDir, "central.db"));
        return db.Decisions.Select(d => d.PacketId).Distinct().Count();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForHealthAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitUntilAsync(() =>
        {
            try
            {
                return http.GetAsync(url + "/health").Result.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is AggregateException or HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(180)); // a first start (migrations, keys) on a busy 2-core machine can take a minute
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
            await Task.Delay(100);
        }
    }
}

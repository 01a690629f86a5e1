using System.Diagnostics;
using Ektp.Biometrics;
using Ektp.Cli.Gallery;
using Ektp.Gallery.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ektp.Gallery.Tests;

/// <summary>Three real `ektp gallery silo` processes on loopback with their membership in a real Redis.</summary>
[Collection(nameof(OneClusterAtATime))]
public sealed class SiloProcessTests(ITestOutputHelper output)
{
    private const int Shards = 3;
    private const int Preloaded = 2_000;
    private const int Steps = 90;
    private const int KillAt = 30;

    [RedisFact]
    public async Task A_silo_killed_with_sigkill_during_searches_and_inserts_loses_nothing()
    {
        using var database = await LogDatabase.CreateAsync();
        var preloaded = await database.PreloadAsync(ShardedSearchTests.Generate(Preloaded));
        using var redis = await RedisServer.StartAsync();
        var silos = new List<Process>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(StartSilo(redis.Address, database.File, database.MasterKeyFile));
            }

            using var client = await StartClientAsync(redis.Address);
            var coordinator = new GalleryCoordinator(client.Services.GetRequiredService<IGrainFactory>(), Shards);
            Assert.True(await coordinator.WaitReadyAsync(TimeSpan.FromMinutes(3), default));

            // Each step inserts a new person and searches another impression of it (insert-then-identify), and
            // every other step also searches a person inserted before, or preloaded, which must still be there.
            var inserted = new List<(int Synthetic, long PersonId)>();
            var longest = TimeSpan.Zero;
            var clock = Stopwatch.StartNew();
            for (var step = 0; step < Steps; step++)
            {
                if (step == KillAt)
                {
                    silos[1].Kill(); // SIGKILL
                    output.WriteLine($"silo 2 killed with SIGKILL at step {step}, {clock.Elapsed.TotalSeconds:F1} s");
                }

                var synthetic = 50_000 + step;
                var started = Stopwatch.StartNew();
                var (person, seq) = await database.InsertAsync(SyntheticPersons.Fingers(synthetic, 0));
                inserted.Add((synthetic, person));
                await ExpectFoundAsync(coordinator, synthetic, person, seq);
                if (step % 2 == 1)
                {
                    var (earlier, earlierId) = step % 4 == 1
                        ? inserted[step / 2]
                        : (step * 37 % Preloaded, preloaded[step * 37 % Preloaded]);
                    await ExpectFoundAsync(coordinator, earlier, earlierId, seq);
                }

                longest = started.Elapsed > longest ? started.Elapsed : longest;
            }

            // Nothing lost: every person inserted during the run is found, by a fresh impression.
            var lastSeq = (await database.InsertAsync(SyntheticPersons.Fingers(99_999, 0))).Seq;
            foreach (var (synthetic, person) in inserted)
            {
                await ExpectFoundAsync(coordinator, synthetic, person, lastSeq);
            }

            output.WriteLine($"{Steps} inserts and {Steps + (Steps / 2)} searches in {clock.Elapsed.TotalSeconds:F1} s, " +
                             $"then all {inserted.Count} inserted persons found again; longest pause of one step " +
                             $"{longest.TotalSeconds:F1} s");
            Assert.True(longest < TimeSpan.FromSeconds(60), $"A step waited {longest.TotalSeconds:F1} s.");
        }
        finally
        {
            foreach (var silo in silos)
            {
                if (!silo.HasExited)
                {
                    silo.Kill();
                    await silo.WaitForExitAsync();
                }

                silo.Dispose();
            }
        }
    }

    private static async Task ExpectFoundAsync(GalleryCoordinator coordinator, int synthetic, long person, long seq)
    {
        var probe = SyntheticPersons.Fingers(synthetic, impression: 7);
        var answer = await coordinator.SearchAsync(probe, seq, null, 10, FingerprintMatcher.DefaultThreshold, default);
        Assert.True(answer.Candidates.Count > 0 && answer.Candidates[0].PersonId == person,
            $"Person {person} (synthetic {synthetic}) was not found as of seq {seq}.");
    }

    private static Process StartSilo(string redis, string databaseFile, string masterKeyFile)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in new[]
                 {
                     "gallery", "silo", "--redis", redis, "--db", databaseFile, "--master-key-file", masterKeyFile,
                     "--silo-port", $"{RedisServer.FreePort()}", "--gateway-port", $"{RedisServer.FreePort()}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("ektp gallery silo did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<IHost> StartClientAsync(string redis)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client => GalleryCluster.ConfigureClient(client, redis));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

using System.CommandLine;
using System.Globalization;
using Ektp.Central;
using Ektp.Cli.Central;
using Ektp.Cli.Demo;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Population;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional;
using Ektp.Regional.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp demo`: the central server, the regional server of Kota Dumai (1472) and a small one of Kota Singkawang
/// (6172) on localhost with SQLite, seeded on first start (Dumai 2013 takes about a minute; later starts reuse it),
/// both offices registered at the centre. Once all three are up a stream of enrollments made from the development
/// fingerprint images flows through Dumai's real enrollment API to the centre, and one planted duplicate — a Dumai
/// person's finger recorded again in Singkawang under another NIK — reaches adjudication. Ctrl+C stops everything.
/// </summary>
internal static class DemoCommand
{
    public const string SmallSeed = "small";

    /// <summary>The `--seed small` Kota Dumai and the Kota Singkawang of the demo: seeded in seconds.</summary>
    private static readonly CityScenario SmallDumai = CityScenario.Small(CityScenario.Dumai2013.KabKotaCode, 3_000,
        CityScenario.Dumai2013.AsOf, CityScenario.Dumai2013.Seed);

    private static readonly CityScenario SmallSingkawang = CityScenario.Small(
        CityScenario.Singkawang2017.KabKotaCode, 1_000, CityScenario.Singkawang2017.AsOf,
        CityScenario.Singkawang2017.Seed);

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Data folder of the demo",
            DefaultValueFactory = _ => Path.Combine(".ektp", "demo"),
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Address of Kota Dumai's regional server",
            DefaultValueFactory = _ => "https://127.0.0.1:5080",
        };
        var centralUrls = new Option<string>("--central-urls")
        {
            Description = "Address of the central server",
            DefaultValueFactory = _ => "https://127.0.0.1:5090",
        };
        var singkawangUrls = new Option<string>("--singkawang-urls")
        {
            Description = "Address of Kota Singkawang's regional server (where the planted duplicate is recorded)",
            DefaultValueFactory = _ => "https://127.0.0.1:5081",
        };
        var seed = new Option<string>("--seed")
        {
            Description = "Kota Dumai's registry on first start: dumai-2013 (270,000 residents, about a minute) or " +
                          "small (3,000 residents, seconds)",
            DefaultValueFactory = _ => CityScenario.Dumai2013.Name,
        };
        var stream = new Option<string>("--stream")
        {
            Description = "Seconds between two streamed enrollments, or off",
            DefaultValueFactory = _ => "3",
        };
        var command = new Command("demo",
            "Run the central server and the regional servers of Kota Dumai and Kota Singkawang on localhost, seeded, " +
            "with a stream of enrollments and a planted duplicate")
        {
            data, urls, centralUrls, singkawangUrls, seed, stream,
        };
        command.SetAction(async (parse, ct) =>
        {
            var interval = ParseStream(parse.GetValue(stream)!);
            var dumaiScenario = parse.GetValue(seed) switch
            {
                SmallSeed => SmallDumai,
                var name when string.Equals(name, CityScenario.Dumai2013.Name, StringComparison.OrdinalIgnoreCase) =>
                    CityScenario.Dumai2013,
                var name => throw new CliException($"--seed: unknown '{name}' (use dumai-2013 or small)."),
            };
            var root = Path.GetFullPath(parse.GetValue(data)!);
            Console.Out.WriteLine($"ektp demo — data in {root}");

            // One self-signed certificate for the three servers on this machine; each server trusts it as its
            // upstream's (docs/security.md). A browser warns once: accept it, or import the .crt file.
            using var certificate = Tls.LoadOrCreateSelfSigned(root, "ektp demo");
            var certificateFile = Path.Combine(root, "keys", "tls", "server.pfx");
            var trusted = Tls.SelfSignedCertificatePath(root);
            var centralSettings = new CentralSettings
            {
                Urls = parse.GetValue(centralUrls)!,
                DataDir = Path.Combine(root, "central"),
                CertificateFile = certificateFile,
            };
            await using var central = CentralApp.Build(centralSettings, Quiet);
            await CentralApp.PrepareDatabaseAsync(central.Services, ct);
            await central.StartAsync(ct);
            var centralUrl = central.BoundUrl();
            Console.Out.WriteLine($"Central server up at {centralUrl}; starting the regional servers …");

            if (dumaiScenario == CityScenario.Dumai2013)
            {
                Console.Out.WriteLine("Kota Dumai: the first start seeds dumai-2013 (270,000 residents, about a " +
                                      "minute; --seed small takes seconds); later starts reuse it.");
            }

            await using var dumai = await StartRegionalAsync(centralSettings, new RegionalSettings
            {
                RegionCode = dumaiScenario.KabKotaCode,
                Urls = parse.GetValue(urls)!,
                DataDir = Path.Combine(root, "regional-" + dumaiScenario.KabKotaCode),
                CentralUrl = centralUrl,
                CertificateFile = certificateFile,
                UpstreamCertificateFile = trusted,
            }, dumaiScenario, ct);
            await using var singkawang = await StartRegionalAsync(centralSettings, new RegionalSettings
            {
                RegionCode = SmallSingkawang.KabKotaCode,
                Urls = parse.GetValue(singkawangUrls)!,
                DataDir = Path.Combine(root, "regional-" + SmallSingkawang.KabKotaCode),
                CentralUrl = centralUrl,
                CertificateFile = certificateFile,
                UpstreamCertificateFile = trusted,
            }, SmallSingkawang, ct);

            Console.Out.WriteLine();
            Console.Out.WriteLine($"Central server (Ditjen Dukcapil):     {centralUrl}   cases: {centralUrl}/kasus");
            Console.Out.WriteLine($"Kota Dumai (1472), regional server:   {dumai.BoundUrl()}");
            Console.Out.WriteLine($"Kota Singkawang (6172), regional:     {singkawang.BoundUrl()}");
            await DemoAccounts.EnsureCentralAsync(central, centralUrl, Console.Out);
            await DemoAccounts.EnsureRegionalAsync(dumai, "Kota Dumai", dumai.BoundUrl(), Console.Out);
            await DemoAccounts.EnsureRegionalAsync(singkawang, "Kota Singkawang", singkawang.BoundUrl(), Console.Out);
            Console.Out.WriteLine("Sign in at /masuk; `ektp user reset --data DIR --user NAME` gives a new one-time " +
                                  "password. Ctrl+C stops everything.");
            if (Tls.IsHttps(centralUrl + ";" + dumai.BoundUrl()))
            {
                Console.Out.WriteLine($"HTTPS with the demo's self-signed certificate {trusted}: the browser warns " +
                                      "once (accept it, or import that file as trusted).");
            }
            Console.Out.WriteLine();

            var streaming = Task.CompletedTask;
            using var demoStream = interval is null
                ? null
                : new DemoStream(
                    new DemoRegion("1472", "Kota Dumai", dumai.BoundUrl(), dumai.Services,
                        await DemoAccounts.StreamClientAsync(dumai, dumai.BoundUrl(), trusted, ct)),
                    new DemoRegion("6172", "Kota Singkawang", singkawang.BoundUrl(), singkawang.Services,
                        await DemoAccounts.StreamClientAsync(singkawang, singkawang.BoundUrl(), trusted, ct)),
                    centralUrl, interval.Value, DemoLedger.Load(root), Console.Out);
            if (demoStream is not null)
            {
                streaming = RunStreamAsync(demoStream, ct);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop the stream, then the servers.
            }

            Console.Out.WriteLine("Stopping the demo …");
            await streaming;
            await Task.WhenAll(dumai.StopAsync(CancellationToken.None), singkawang.StopAsync(CancellationToken.None));
            await central.StopAsync(CancellationToken.None);
            Console.Out.WriteLine("ektp demo stopped.");
            return 0;
        });
        return command;
    }

    /// <summary>`off` → null; otherwise the seconds between two enrollments.</summary>
    internal static TimeSpan? ParseStream(string text)
    {
        if (string.Equals(text.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) &&
               seconds is >= 0.1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"--stream: '{text}' is neither a number of seconds (0.1–3600) nor off.");
    }

    private static async Task<WebApplication> StartRegionalAsync(CentralSettings central, RegionalSettings settings,
        CityScenario scenario, CancellationToken ct)
    {
        using (var keys = new RegionalKeys(settings.DataDir))
        {
            await CentralCommands.RegisterAsync(central, settings.RegionCode, RegionalKeys.PublicPem(keys.Office), ct);
        }

        WebApplication app;
        try
        {
            app = RegionalApp.Build(settings, Quiet);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }

        try
        {
            Console.Out.WriteLine($"Regional server {settings.RegionCode}: registry {scenario.Name}");
            await RegionalCommands.PrepareAsync(app, scenario, ct);
            await app.StartAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The servers log only warnings and errors: the stream's own lines tell what happens.</summary>
    private static void Quiet(WebApplicationBuilder builder) => builder.Logging.AddFilter("Ektp", LogLevel.Warning);

    private static async Task RunStreamAsync(DemoStream stream, CancellationToken ct)
    {
        try
        {
            await stream.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C.
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            // The stream is a show on top of the servers: if it breaks, the servers keep running.
            Console.Error.WriteLine($"ektp: the demo stream stopped: {ex.Message}");
        }
    }
}

using System.CommandLine;
using Ektp.Central;
using Ektp.Cli.Central;
using Ektp.Core.Population;
using Ektp.Hosting;
using Ektp.Regional;
using Ektp.Regional.Sync;
using Microsoft.Extensions.Hosting;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp demo`: the central server and the regional server of Kota Dumai (1472) on localhost with SQLite. The
/// regional registry is seeded with the 2013 scenario on first start (a few minutes), the office key is registered at
/// the centre, and recordings flow to the centre as they are made. Both URLs are printed.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Data folder of the demo",
            DefaultValueFactory = _ => Path.Combine(".ektp", "demo"),
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Address of the regional server",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var centralUrls = new Option<string>("--central-urls")
        {
            Description = "Address of the central server",
            DefaultValueFactory = _ => "http://127.0.0.1:5090",
        };
        var command = new Command("demo", "Run the central server and Kota Dumai's regional server on localhost, seeded")
        {
            data, urls, centralUrls,
        };
        command.SetAction(async (parse, ct) =>
        {
            var root = Path.GetFullPath(parse.GetValue(data)!);
            Console.Out.WriteLine($"ektp demo — data in {root}");
            var centralSettings = new CentralSettings { Urls = parse.GetValue(centralUrls)!, DataDir = Path.Combine(root, "central") };
            await using var central = await CentralCommands.StartAsync(centralSettings, ct);
            var centralUrl = central.BoundUrl();

            var regionalSettings = new RegionalSettings
            {
                RegionCode = CityScenario.Dumai2013.KabKotaCode,
                Urls = parse.GetValue(urls)!,
                DataDir = Path.Combine(root, "regional-1472"),
                Seed = "dumai-2013",
                CentralUrl = centralUrl,
            };
            using (var keys = new RegionalKeys(regionalSettings.DataDir))
            {
                await CentralCommands.RegisterAsync(centralSettings, regionalSettings.RegionCode,
                    RegionalKeys.PublicPem(keys.Office), ct);
            }

            Console.Out.WriteLine($"Central server (Ditjen Dukcapil):     {centralUrl}");
            await RegionalCommands.RunAsync(regionalSettings, ct);
            await central.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}

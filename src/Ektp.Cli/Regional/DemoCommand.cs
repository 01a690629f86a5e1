using System.CommandLine;
using Ektp.Core.Population;
using Ektp.Regional;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp demo`: the regional server of Kota Dumai (1472) on localhost with SQLite, seeded with the 2013 scenario the
/// first time (a few minutes), its URL printed. The central server joins it with the packet work (issue 4).
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
        var command = new Command("demo", "Run the Kota Dumai regional server on localhost, seeded, and print its URL")
        {
            data, urls,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new RegionalSettings
            {
                RegionCode = CityScenario.Dumai2013.KabKotaCode,
                Urls = parse.GetValue(urls)!,
                DataDir = Path.GetFullPath(Path.Combine(parse.GetValue(data)!, "regional-1472")),
                Seed = "dumai-2013",
            };
            Console.Out.WriteLine($"ektp demo — data in {Path.GetFullPath(parse.GetValue(data)!)}");
            await RegionalCommands.RunAsync(settings, ct);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using Ektp.Core.Residents;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp generate --region CODE --population N --csv FILE [--as-of DATE] [--seed S]`: writes a synthetic city as a
/// SIAK export, to try or measure `ektp import` on a registry of any size. `--scenario` writes a known scenario.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var region = new Option<string?>("--region") { Description = "Kab/kota code, e.g. 1275 (Kota Medan)" };
        var population = new Option<int>("--population") { Description = "Number of residents", DefaultValueFactory = _ => 10_000 };
        var scenario = new Option<string?>("--scenario") { Description = "A known scenario instead: dumai-2013 | singkawang-2017" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Reference date of the population (default: today)" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same city)", DefaultValueFactory = _ => 1 };
        var csv = new Option<string>("--csv") { Description = "Output file", Required = true };
        var command = new Command("generate", "Write a synthetic city (families, residents) as a SIAK CSV export")
        {
            region, population, scenario, asOf, seed, csv,
        };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = parse.GetValue(scenario) is { } name
                ? CityScenario.ByName(name) ?? throw new CliException($"Unknown scenario '{name}'.")
                : Small(parse.GetValue(region), parse.GetValue(population),
                    parse.GetValue(asOf) ?? DateOnly.FromDateTime(DateTime.UtcNow), parse.GetValue(seed));
            var path = parse.GetValue(csv)!;
            var started = DateTime.UtcNow;
            await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
            {
                SiakCsv.Write(writer, SyntheticCity.Generate(chosen).SelectMany(f => f.Members).Select(m => m.Resident));
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {chosen.Population:N0} residents of {chosen.KabKotaCode} ({chosen.Name}) to {path} " +
                $"in {(DateTime.UtcNow - started).TotalSeconds:F1} s"));
            return 0;
        });
        return command;
    }

    private static CityScenario Small(string? region, int population, DateOnly asOf, int seed)
    {
        if (region is null || RegionCatalog.Official.Find(region) is not { Level: RegionLevel.KabupatenKota } kabKota)
        {
            throw new CliException("--region must be a kab/kota code of the official list (e.g. 1472), or give --scenario.");
        }

        if (population is < 1 or > 20_000_000)
        {
            throw new CliException("--population must be between 1 and 20,000,000.");
        }

        return CityScenario.Small(kabKota.Digits, population, asOf, seed);
    }
}

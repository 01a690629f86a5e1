using System.Globalization;
using Ektp.Core.Population;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Cli.Regional;

internal static class Seeding
{
    /// <summary>Seeds the scenario once (a second start finds it applied) and prints the headline figures.</summary>
    public static async Task SeedAsync(IServiceProvider services, CityScenario scenario, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var region = scope.ServiceProvider.GetRequiredService<RegionalInfo>();
        var started = DateTime.UtcNow;
        var progress = new Progress<int>(n => Console.Error.Write(
            $"\rSeeding {scenario.Name}: {n.ToString("N0", CultureInfo.InvariantCulture)} residents"));
        SeedResult result;
        try
        {
            result = await CitySeeder.SeedAsync(db, scenario, region, progress, ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new Infrastructure.CliException(ex.Message);
        }

        if (!result.AlreadySeeded)
        {
            Console.Error.WriteLine();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeded {scenario.Name}: {result.Residents:N0} residents in {result.Families:N0} families " +
                $"in {(DateTime.UtcNow - started).TotalSeconds:F0} s"));
        }

        var figures = await RegistryFigures.ComputeAsync(db, scenario.AsOf, ct);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"As of {figures.AsOf:yyyy-MM-dd}: {figures.Residents:N0} residents, {figures.WajibKtp:N0} wajib KTP, " +
            $"{figures.Recorded:N0} recorded ({figures.Percent:F2} %)"));
    }
}

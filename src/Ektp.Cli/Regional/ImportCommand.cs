using System.CommandLine;
using System.Globalization;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Regions;
using Ektp.Regional;
using Ektp.Regional.Data;
using Ektp.Regional.Importing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Ektp.Cli.Regional;

/// <summary>
/// `ektp import --region CODE --csv FILE --data DIR [--db CONNSTR]`: loads a SIAK export into the registry.
/// Exit 0: every row imported; 3: done, but some rows were rejected (each listed with its line and reason).
/// </summary>
internal static class ImportCommand
{
    public const int ExitRowsRejected = 3;
    private const int ErrorsShown = 200;

    public static Command Create()
    {
        var region = new Option<string>("--region") { Description = "Kab/kota code, e.g. 1472", Required = true };
        var csv = new Option<string>("--csv") { Description = "SIAK export (UTF-8 CSV with the SIAK header)", Required = true };
        var command = new Command("import", "Import residents from a SIAK-style CSV export")
        {
            region, csv, RegionalCommands.Data, RegionalCommands.Db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new RegionalSettings
            {
                RegionCode = parse.GetValue(region)!,
                DataDir = Path.GetFullPath(parse.GetValue(RegionalCommands.Data)!),
                Db = parse.GetValue(RegionalCommands.Db),
            };
            return await RunAsync(settings, parse.GetValue(csv)!, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(RegionalSettings settings, string csvPath, CancellationToken ct)
    {
        if (!File.Exists(csvPath))
        {
            throw new CliException($"CSV file not found: {csvPath}");
        }

        await using var app = RegionalCommands.Build(settings);
        await RegionalCommands.PrepareAsync(app, scenario: null, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var region = scope.ServiceProvider.GetRequiredService<RegionalInfo>();

        var errorFile = Path.Combine(settings.DataDir,
            $"import-errors-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.txt");
        var shown = 0;
        long rejected = 0;
        await using var errors = new StreamWriter(errorFile);
        await using var stream = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var started = DateTime.UtcNow;
        ImportResult result = null!;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async progressContext =>
        {
            var task = progressContext.AddTask("Importing", maxValue: Math.Max(stream.Length, 1));
            var progress = new Progress<ImportResult>(_ => task.Value = stream.Position);
            result = await RegistryImporter.ImportAsync(db, region, RegionCatalog.Official, stream, DateTimeOffset.UtcNow,
                error =>
                {
                    rejected++;
                    var line = $"line {error.Line}: [{error.Code}] {error.Reason}";
                    errors.WriteLine(line);
                    if (shown++ < ErrorsShown)
                    {
                        Console.Error.WriteLine(line);
                    }
                }, progress, ct);
            task.Value = task.MaxValue;
        });

        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Imported {csvPath}: {result.Read:N0} rows read, {result.Inserted:N0} new, {result.Updated:N0} updated, " +
            $"{result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected, {result.FamiliesCreated:N0} new families " +
            $"in {seconds:F1} s"));
        if (rejected == 0)
        {
            await errors.DisposeAsync();
            File.Delete(errorFile);
            return 0;
        }

        if (shown > ErrorsShown)
        {
            Console.Error.WriteLine($"… {rejected - ErrorsShown:N0} more; every rejected row is listed in {errorFile}");
        }
        else
        {
            Console.Error.WriteLine($"Rejected rows are listed in {errorFile}");
        }

        return ExitRowsRejected;
    }
}

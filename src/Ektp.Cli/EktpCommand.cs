using System.CommandLine;
using Ektp.Cli.Audit;
using Ektp.Cli.Card;
using Ektp.Cli.Central;
using Ektp.Cli.Field;
using Ektp.Cli.Fingerprints;
using Ektp.Cli.Gallery;
using Ektp.Cli.Infrastructure;
using Ektp.Cli.Nik;
using Ektp.Cli.Regional;

namespace Ektp.Cli;

/// <summary>The root `ektp` command. Each feature adds its sub-commands from its own folder.</summary>
internal static class EktpCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("ektp — e-KTP recording, central deduplication, printing and delivery");
        root.Options.Add(CliErrors.VerboseOption);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RegionalCommands.Create());
        root.Subcommands.Add(FieldCommand.Create());
        root.Subcommands.Add(CentralCommands.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(UserCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(NikCommands.Create(TimeProvider.System));
        root.Subcommands.Add(FingerprintCommands.Create());
        root.Subcommands.Add(CardCommands.Create());
        root.Subcommands.Add(GalleryCommands.Create());
        root.Subcommands.Add(DedupCityCommand.Create());
        var bench = new Command("bench", "Benchmarks of national scale (figures: docs/benchmarks.md)");
        bench.Subcommands.Add(GalleryBenchCommand.Create());
        root.Subcommands.Add(bench);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        var verbose = parse.GetValue(CliErrors.VerboseOption);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return CliErrors.Report(ex, verbose);
        }
    }
}

using System.CommandLine;

namespace Ektp.Cli.Fingerprints;

/// <summary>`ektp fingerprints eval|bench` (owned by the fingerprint engine work).</summary>
internal static class FingerprintCommands
{
    public static Command Create()
    {
        var command = new Command("fingerprints", "Fingerprint engine: evaluation and benchmarks");
        command.Subcommands.Add(EvalCommand.Create());
        command.Subcommands.Add(BenchCommand.Create());
        return command;
    }
}

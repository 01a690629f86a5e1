using System.CommandLine;

namespace Ektp.Cli.Fingerprints;

/// <summary>`ektp fingerprints bench`: extraction, 1:1 and 1:N speed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure extraction, 1:1 matching and 1:N search speed");
        command.SetAction((_, _) => Task.FromResult(0));
        return command;
    }
}

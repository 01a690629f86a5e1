using System.CommandLine;
using Ektp.Hosting.Crypto;

namespace Ektp.Cli.Infrastructure;

/// <summary>
/// One line on stderr and a non-zero exit for every failure; the stack trace only with --verbose (STYLE.md 4.6).
/// </summary>
internal static class CliErrors
{
    public static readonly Option<bool> VerboseOption = new("--verbose")
    {
        Description = "Print stack traces of errors",
        Recursive = true,
    };

    public static int Report(Exception ex, bool verbose)
    {
        // A missing or wrong master key, or a stored value that does not decrypt, is the operator's to fix.
        var message = ex is CliException or AtRestException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        Console.Error.WriteLine($"ektp: error: {message.ReplaceLineEndings(" ")}");
        if (verbose)
        {
            Console.Error.WriteLine(ex);
        }

        return ex switch
        {
            CliException cli => cli.ExitCode,
            AtRestException => 2,
            _ => 1,
        };
    }
}

/// <summary>An expected failure with a message meant for the operator (bad input, missing file).</summary>
internal sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

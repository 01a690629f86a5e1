using System.Diagnostics;

namespace Ektp.Cli.Tests;

/// <summary>Runs the real `ektp` program (built beside the tests) as a child process, as an operator would.</summary>
internal static class EktpProcess
{
    public static Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) =>
        RunWithInputAsync(null, args);

    /// <summary>Runs `ektp ARGS` with <paramref name="input"/> on its standard input (a password, say).</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunWithInputAsync(string? input,
        params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ektp-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

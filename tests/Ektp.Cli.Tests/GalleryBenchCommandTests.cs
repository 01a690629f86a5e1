namespace Ektp.Cli.Tests;

/// <summary>`ektp bench gallery --db`: bad values fail at once, with one line and exit code 2, before any figure is
/// measured (the PostgreSQL run itself is measured by hand: docs/benchmarks.md).</summary>
public sealed class GalleryBenchCommandTests
{
    [Fact]
    public async Task A_sqlite_file_is_refused_as_the_benchmark_server()
    {
        var (exit, _, error) = await EktpProcess.RunAsync("bench", "gallery", "--persons", "1000", "--db", "central.db");

        Assert.Equal(2, exit);
        Assert.Contains("--db takes a PostgreSQL server", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_fails_before_the_search_figures()
    {
        var (exit, output, error) = await EktpProcess.RunAsync("bench", "gallery", "--persons", "1000", "--db",
            "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");

        Assert.Equal(2, exit);
        Assert.Contains("could not make a benchmark database on 127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("core-seconds per 2-finger search", output, StringComparison.Ordinal);
    }
}

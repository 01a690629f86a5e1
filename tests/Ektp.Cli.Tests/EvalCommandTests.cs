using System.Text.Json;

namespace Ektp.Cli.Tests;

/// <summary>`ektp fingerprints eval` on the committed sample: the JSON names other tools read, and bad input.</summary>
public sealed class EvalCommandTests
{
    private static readonly string Sample = FindSample();

    [Fact]
    public async Task One_database_prints_one_object_with_the_documented_names()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(Sample, "DB1_B"), "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        foreach (var name in new[] { "eer", "fmr100", "fmr1000", "zeroFmr", "failedExtractions", "msPerExtraction", "comparisonsPerSecondPerCore" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(name).ValueKind);
        }

        Assert.Equal("DB1_B", root.GetProperty("name").GetString());
        Assert.Equal(500, root.GetProperty("dpi").GetInt32()); // 388 x 374 frames: FVC2002 DB1, a 500-dpi sensor
        Assert.Equal(0, root.GetProperty("failedExtractions").GetInt32());
        Assert.Equal(3 * 28, root.GetProperty("genuinePairs").GetInt32());
        Assert.False(root.TryGetProperty("calibration", out _));
    }

    [Fact]
    public async Task A_folder_of_databases_prints_each_the_average_and_on_request_the_calibration_check()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Sample, "--json", "--calibration");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["DB1_B", "DB3_B"], root.GetProperty("databases").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal("average", root.GetProperty("average").GetProperty("name").GetString());
        var calibration = root.GetProperty("calibration");
        Assert.Equal(2 * 3 * 28, calibration.GetProperty("genuinePairs").GetInt32());
        var rows = calibration.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal([20.0, 30.0, 40.0], rows.Select(r => r.GetProperty("threshold").GetDouble()));
        foreach (var r in rows)
        {
            foreach (var name in new[] { "nominalFmr", "fmr", "fnmr", "fmr2Fingers", "fmr3Fingers" })
            {
                Assert.InRange(r.GetProperty(name).GetDouble(), 0, 100);
            }
        }
    }

    [Fact]
    public async Task The_table_shows_the_calibration_check_under_the_databases()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(Sample, "DB3_B"), "--calibration");

        Assert.True(exit == 0, error);
        Assert.Contains("DB3_B", output, StringComparison.Ordinal);
        Assert.Contains("Score calibration on the pooled pairs", output, StringComparison.Ordinal);
        Assert.Contains("FMR 2 fingers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Robustness_adds_three_changed_runs_per_database_and_their_mean()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(Sample, "DB3_B"), "--json", "--robustness");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var robustness = json.RootElement.GetProperty("robustness");
        var database = Assert.Single(robustness.GetProperty("databases").EnumerateArray().ToList());
        Assert.Equal("DB3_B", database.GetProperty("name").GetString());
        Assert.Equal([500, 500, 470, 530], database.GetProperty("dpi").EnumerateArray().Select(d => d.GetInt32()));
        foreach (var figure in new[] { "eer", "fmr1000" })
        {
            foreach (var run in new[] { "asGiven", "shiftedOnePixel", "lowerResolution", "higherResolution", "mean" })
            {
                Assert.InRange(database.GetProperty(figure).GetProperty(run).GetDouble(), 0, 100);
            }
        }

        Assert.Equal(database.GetProperty("eer").GetProperty("mean").GetDouble(), robustness.GetProperty("meanEer").GetDouble());
        Assert.Equal(json.RootElement.GetProperty("eer").GetDouble(), database.GetProperty("eer").GetProperty("asGiven").GetDouble());
    }

    [Fact]
    public async Task The_resolution_sweep_reads_each_database_at_nine_resolutions_around_its_own()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(Sample, "DB3_B"), "--json", "--sweep");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var sweep = json.RootElement.GetProperty("resolutionSweep");
        Assert.Equal(
            [0.96, 0.97, 0.98, 0.99, 1.00, 1.01, 1.02, 1.03, 1.04],
            sweep.GetProperty("factors").EnumerateArray().Select(f => f.GetDouble()));
        var database = Assert.Single(sweep.GetProperty("databases").EnumerateArray().ToList());
        Assert.Equal("DB3_B", database.GetProperty("name").GetString());
        Assert.Equal(
            [480, 485, 490, 495, 500, 505, 510, 515, 520],
            database.GetProperty("dpi").EnumerateArray().Select(d => d.GetInt32()));
        var eers = database.GetProperty("eer").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(9, eers.Count);
        Assert.All(eers, e => Assert.InRange(e, 0, 100));
        Assert.Equal(9, database.GetProperty("fmr1000").GetArrayLength());

        // The middle run is the run as given, and the means are of the nine runs (to the printed 3 decimals).
        Assert.Equal(json.RootElement.GetProperty("eer").GetDouble(), eers[4]);
        Assert.Equal(eers.Average(), database.GetProperty("meanEer").GetDouble(), 0.002);
        Assert.Equal(database.GetProperty("meanEer").GetDouble(), sweep.GetProperty("meanEer").GetDouble());
        Assert.False(json.RootElement.TryGetProperty("robustness", out _));
    }

    [Fact]
    public async Task The_table_shows_the_resolution_sweep_under_the_databases()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(Sample, "DB1_B"), "--sweep");

        Assert.True(exit == 0, error);
        Assert.Contains("Resolution sweep", output, StringComparison.Ordinal);
        Assert.Contains("mean of all 9 runs", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_one_line_and_a_non_zero_exit()
    {
        var (exit, output, error) = await EktpProcess.RunAsync(
            "fingerprints", "eval", "--dataset", Path.Combine(EktpProcess.TempDir(), "absent"));

        Assert.NotEqual(0, exit);
        Assert.Contains("dataset folder not found", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(output.Trim());
    }

    [Fact]
    public async Task A_folder_without_images_is_one_line_and_a_non_zero_exit()
    {
        var (exit, _, error) = await EktpProcess.RunAsync("fingerprints", "eval", "--dataset", EktpProcess.TempDir());

        Assert.NotEqual(0, exit);
        Assert.Contains("no F_I images", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "fingerprints", "sample");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("data/fingerprints/sample not found above " + AppContext.BaseDirectory);
    }
}

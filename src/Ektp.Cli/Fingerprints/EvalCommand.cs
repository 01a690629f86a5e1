using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Cli.Infrastructure;

namespace Ektp.Cli.Fingerprints;

/// <summary>`ektp fingerprints eval`: the FVC protocol on one database folder or a folder of them.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "Folder of F_I images, or a folder of such folders (each evaluated, then the average)",
            Required = true,
        };
        var dpi = new Option<int?>("--dpi")
        {
            Description = "Sensor resolution; default 500, or 569 for a folder named DB2_B (FVC2002's README)",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var command = new Command("eval", "Evaluate accuracy and speed with the FVC protocol");
        command.Options.Add(dataset);
        command.Options.Add(dpi);
        command.Options.Add(json);
        command.SetAction((parse, _) =>
        {
            var root = parse.GetValue(dataset)!;
            var results = Run(root, parse.GetValue(dpi));
            Console.WriteLine(parse.GetValue(json) ? ToJson(results) : ToTable(results));
            return Task.FromResult(0);
        });
        return command;
    }

    private static List<FvcResult> Run(string root, int? dpi)
    {
        if (!Directory.Exists(root))
        {
            throw new CliException($"dataset folder not found: {root}");
        }

        if (dpi is < 250 or > 1200)
        {
            throw new CliException("--dpi must be between 250 and 1200");
        }

        if (FvcEvaluation.IsDataset(root))
        {
            return [FvcEvaluation.Evaluate(root, dpi ?? DefaultDpi(root))];
        }

        var folders = Directory.GetDirectories(root)
            .Where(FvcEvaluation.IsDataset)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (folders.Count == 0)
        {
            throw new CliException($"no F_I images in {root} or its sub-folders");
        }

        return [.. folders.Select(f => FvcEvaluation.Evaluate(f, dpi ?? DefaultDpi(f)))];
    }

    // FVC2002 DB2 is the only 569-dpi sensor of the development set; everything else is 500 dpi.
    internal static int DefaultDpi(string folder) =>
        string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), "DB2_B", StringComparison.Ordinal)
            ? 569
            : 500;

    private static Dictionary<string, object> Row(FvcResult r) => new()
    {
        ["name"] = r.Name,
        ["eer"] = Math.Round(r.Eer, 3),
        ["fmr100"] = Math.Round(r.Fmr100, 3),
        ["fmr1000"] = Math.Round(r.Fmr1000, 3),
        ["zeroFmr"] = Math.Round(r.ZeroFmr, 3),
        ["failedExtractions"] = r.FailedExtractions,
        ["msPerExtraction"] = Math.Round(r.MsPerExtraction, 2),
        ["comparisonsPerSecondPerCore"] = Math.Round(r.ComparisonsPerSecondPerCore),
        ["genuinePairs"] = r.GenuineScores.Count,
        ["impostorPairs"] = r.ImpostorScores.Count,
    };

    private static Dictionary<string, object> Average(List<FvcResult> results) => new()
    {
        ["name"] = "average",
        ["eer"] = Math.Round(results.Average(r => r.Eer), 3),
        ["fmr100"] = Math.Round(results.Average(r => r.Fmr100), 3),
        ["fmr1000"] = Math.Round(results.Average(r => r.Fmr1000), 3),
        ["zeroFmr"] = Math.Round(results.Average(r => r.ZeroFmr), 3),
        ["failedExtractions"] = results.Sum(r => r.FailedExtractions),
        ["msPerExtraction"] = Math.Round(results.Average(r => r.MsPerExtraction), 2),
        ["comparisonsPerSecondPerCore"] = Math.Round(results.Average(r => r.ComparisonsPerSecondPerCore)),
        ["genuinePairs"] = results.Sum(r => r.GenuineScores.Count),
        ["impostorPairs"] = results.Sum(r => r.ImpostorScores.Count),
    };

    private static string ToJson(List<FvcResult> results)
    {
        object value = results.Count == 1
            ? Row(results[0])
            : new Dictionary<string, object>
            {
                ["databases"] = results.Select(Row).ToList(),
                ["average"] = Average(results),
            };
        return JsonSerializer.Serialize(value);
    }

    private static string ToTable(List<FvcResult> results)
    {
        var rows = results.Select(Row).ToList();
        if (results.Count > 1)
        {
            rows.Add(Average(results));
        }

        var lines = new List<string>
        {
            "database      EER %  FMR100 %  FMR1000 %  ZeroFMR %  failed  ms/extraction  comparisons/s/core",
        };
        foreach (var r in rows)
        {
            lines.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-12} {1,6:F2} {2,9:F2} {3,10:F2} {4,10:F2} {5,7} {6,14:F1} {7,19:N0}",
                r["name"], r["eer"], r["fmr100"], r["fmr1000"], r["zeroFmr"], r["failedExtractions"],
                r["msPerExtraction"], r["comparisonsPerSecondPerCore"]));
        }

        lines.Add("Protocol: FVC, genuine = all impression pairs of a finger, impostor = all cross-finger pairs; "
            + "one thread; comparison time excludes preparing the probe.");
        return string.Join(Environment.NewLine, lines);
    }
}

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
            Description = "Sensor resolution; default: a known sensor's by the images' frame size (569 for FVC2002 DB2's "
                + "296 x 560, 512 for FVC2004 DB3's 300 x 480, 250 for 96 x 96), otherwise 500",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var calibration = new Option<bool>("--calibration")
        {
            Description = "Also check the score scale on the pooled pairs: FMR and FNMR at 20, 30 and 40, and the FMR "
                + "of fused 2- and 3-finger scores",
        };
        var robustness = new Option<bool>("--robustness")
        {
            Description = "Also run each database with every image moved by one pixel and read at 0.94 x and 1.06 x its "
                + "resolution, and print the EER and FMR1000 of the four runs and their mean",
        };
        var sweep = new Option<bool>("--sweep")
        {
            Description = "Also run each database read at 0.96, 0.97, ... 1.04 x its resolution (nine runs, as given "
                + "in the middle) and print the nine EERs, their mean and range, and the mean FMR1000",
        };
        var command = new Command("eval", "Evaluate accuracy and speed with the FVC protocol");
        command.Options.Add(dataset);
        command.Options.Add(dpi);
        command.Options.Add(json);
        command.Options.Add(calibration);
        command.Options.Add(robustness);
        command.Options.Add(sweep);
        command.SetAction((parse, _) =>
        {
            var root = parse.GetValue(dataset)!;
            var folders = Folders(root, parse.GetValue(dpi));
            var results = folders.Select(f => FvcEvaluation.Evaluate(f.Folder, f.Dpi)).ToList();
            var check = parse.GetValue(calibration) ? Check(results) : null;
            var variants = parse.GetValue(robustness) ? Variants(folders, results) : null;
            var swept = parse.GetValue(sweep) ? Sweep(folders, results) : null;
            Console.WriteLine(parse.GetValue(json)
                ? ToJson(results, check, variants, swept)
                : ToTable(results, check, variants, swept));
            return Task.FromResult(0);
        });
        return command;
    }

    private static readonly FvcVariant[] Changed =
        [FvcVariant.ShiftedOnePixel, FvcVariant.LowerResolution, FvcVariant.HigherResolution];

    // Per database: the run as given, then the three changed runs (their accuracy only: speeds are not printed for
    // them, and timing would add about two seconds of repeated matching to each).
    private static List<FvcResult[]> Variants(List<(string Folder, int Dpi)> folders, List<FvcResult> results) =>
        [.. folders.Select((f, i) => (FvcResult[])[
            results[i], .. Changed.Select(v => FvcEvaluation.Evaluate(f.Folder, f.Dpi, v, measureSpeed: false))])];

    // The factors --sweep reads each database's resolution at; 1 is the run as given.
    private static readonly double[] SweepFactors = [0.96, 0.97, 0.98, 0.99, 1.00, 1.01, 1.02, 1.03, 1.04];

    // Per database: one run per factor, the run as given reused for 1 (the others are not timed).
    private static List<FvcResult[]> Sweep(List<(string Folder, int Dpi)> folders, List<FvcResult> results) =>
        [.. folders.Select((f, i) => SweepFactors
            .Select(k => k == 1.0
                ? results[i]
                : FvcEvaluation.Evaluate(f.Folder, SweptDpi(f.Dpi, k), measureSpeed: false))
            .ToArray())];

    // The resolutions the engine reads (FingerprintImage.Decode).
    private const int MinDpi = 250;
    private const int MaxDpi = 1200;

    private static int SweptDpi(int dpi, double factor) => Math.Clamp((int)Math.Round(dpi * factor), MinDpi, MaxDpi);

    private static List<(string Folder, int Dpi)> Folders(string root, int? dpi)
    {
        if (!Directory.Exists(root))
        {
            throw new CliException($"dataset folder not found: {root}");
        }

        if (dpi is < MinDpi or > MaxDpi)
        {
            throw new CliException($"--dpi must be between {MinDpi} and {MaxDpi}");
        }

        if (FvcEvaluation.IsDataset(root))
        {
            return [(root, dpi ?? FvcEvaluation.DefaultDpi(root))];
        }

        var folders = Directory.GetDirectories(root)
            .Where(FvcEvaluation.IsDataset)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (folders.Count == 0)
        {
            throw new CliException($"no F_I images in {root} or its sub-folders");
        }

        return [.. folders.Select(f => (f, dpi ?? FvcEvaluation.DefaultDpi(f)))];
    }

    private static Dictionary<string, object> Row(FvcResult r) => new()
    {
        ["name"] = r.Name,
        ["dpi"] = r.Dpi,
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

    private const int FusionDraws = 4_000_000;

    private sealed record CalibrationReport(int GenuinePairs, int ImpostorPairs, IReadOnlyList<ThresholdCheck> Rows);

    // The score scale checked on the pairs of all the databases evaluated, pooled.
    private static CalibrationReport? Check(List<FvcResult> results)
    {
        var genuine = results.SelectMany(r => r.GenuineScores).ToList();
        var impostor = results.SelectMany(r => r.ImpostorScores).ToList();
        return impostor.Count == 0
            ? null
            : new CalibrationReport(genuine.Count, impostor.Count, ScoreCalibrationCheck.Measure(genuine, impostor, FusionDraws));
    }

    private static Dictionary<string, object> CalibrationJson(CalibrationReport report) => new()
    {
        ["genuinePairs"] = report.GenuinePairs,
        ["impostorPairs"] = report.ImpostorPairs,
        ["fusionDraws"] = FusionDraws,
        ["thresholds"] = report.Rows.Select(r => new Dictionary<string, object>
        {
            ["threshold"] = r.Threshold,
            ["nominalFmr"] = r.NominalFmr,
            ["fmr"] = r.Fmr,
            ["fnmr"] = r.Fnmr,
            ["fmr2Fingers"] = r.Fmr2Fingers,
            ["fmr3Fingers"] = r.Fmr3Fingers,
        }).ToList(),
    };

    private static Dictionary<string, object> RobustnessJson(List<FvcResult[]> variants)
    {
        static Dictionary<string, object> Figures(FvcResult[] runs, Func<FvcResult, double> figure) => new()
        {
            ["asGiven"] = Math.Round(figure(runs[0]), 3),
            ["shiftedOnePixel"] = Math.Round(figure(runs[1]), 3),
            ["lowerResolution"] = Math.Round(figure(runs[2]), 3),
            ["higherResolution"] = Math.Round(figure(runs[3]), 3),
            ["mean"] = Math.Round(runs.Average(figure), 3),
        };

        return new Dictionary<string, object>
        {
            ["databases"] = variants.Select(runs => new Dictionary<string, object>
            {
                ["name"] = runs[0].Name,
                ["dpi"] = runs.Select(r => r.Dpi).ToList(),
                ["eer"] = Figures(runs, r => r.Eer),
                ["fmr1000"] = Figures(runs, r => r.Fmr1000),
            }).ToList(),
            ["meanEer"] = Math.Round(variants.SelectMany(r => r).Average(r => r.Eer), 3),
            ["meanFmr1000"] = Math.Round(variants.SelectMany(r => r).Average(r => r.Fmr1000), 3),
        };
    }

    private static Dictionary<string, object> SweepJson(List<FvcResult[]> swept) => new()
    {
        ["factors"] = SweepFactors,
        ["databases"] = swept.Select(runs => new Dictionary<string, object>
        {
            ["name"] = runs[0].Name,
            ["dpi"] = runs.Select(r => r.Dpi).ToList(),
            ["eer"] = runs.Select(r => Math.Round(r.Eer, 3)).ToList(),
            ["fmr1000"] = runs.Select(r => Math.Round(r.Fmr1000, 3)).ToList(),
            ["meanEer"] = Math.Round(runs.Average(r => r.Eer), 3),
            ["meanFmr1000"] = Math.Round(runs.Average(r => r.Fmr1000), 3),
        }).ToList(),
        ["meanEer"] = Math.Round(swept.SelectMany(r => r).Average(r => r.Eer), 3),
        ["meanFmr1000"] = Math.Round(swept.SelectMany(r => r).Average(r => r.Fmr1000), 3),
    };

    private static string ToJson(
        List<FvcResult> results, CalibrationReport? check, List<FvcResult[]>? variants, List<FvcResult[]>? swept)
    {
        Dictionary<string, object> value = results.Count == 1
            ? Row(results[0])
            : new Dictionary<string, object>
            {
                ["databases"] = results.Select(Row).ToList(),
                ["average"] = Average(results),
            };
        if (check is not null)
        {
            value["calibration"] = CalibrationJson(check);
        }

        if (variants is not null)
        {
            value["robustness"] = RobustnessJson(variants);
        }

        if (swept is not null)
        {
            value["resolutionSweep"] = SweepJson(swept);
        }

        return JsonSerializer.Serialize(value);
    }

    private static string ToTable(
        List<FvcResult> results, CalibrationReport? check, List<FvcResult[]>? variants, List<FvcResult[]>? swept)
    {
        var rows = results.Select(Row).ToList();
        if (results.Count > 1)
        {
            rows.Add(Average(results));
        }

        var lines = new List<string>
        {
            "database      dpi   EER %  FMR100 %  FMR1000 %  ZeroFMR %  failed  ms/extraction  comparisons/s/core",
        };
        foreach (var r in rows)
        {
            lines.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-12} {1,4} {2,7:F2} {3,9:F2} {4,10:F2} {5,10:F2} {6,7} {7,14:F1} {8,19:N0}",
                r["name"], r.TryGetValue("dpi", out var d) ? d : string.Empty, r["eer"], r["fmr100"], r["fmr1000"],
                r["zeroFmr"], r["failedExtractions"], r["msPerExtraction"], r["comparisonsPerSecondPerCore"]));
        }

        lines.Add("Protocol: FVC, genuine = all impression pairs of a finger, impostor = all cross-finger pairs; "
            + "one thread; comparison time excludes preparing the probe.");
        if (check is not null)
        {
            lines.Add(string.Empty);
            lines.Add(string.Format(
                CultureInfo.InvariantCulture,
                "Score calibration on the pooled pairs ({0:N0} impostor, {1:N0} genuine); fused: {2:N0} seeded draws of "
                    + "independent impostor fingers; rates in %:",
                check.ImpostorPairs, check.GenuinePairs, FusionDraws));
            lines.Add("threshold  nominal FMR       FMR      FNMR  FMR 2 fingers  FMR 3 fingers");
            foreach (var r in check.Rows)
            {
                lines.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,9:0.#} {1,12:F4} {2,9:F4} {3,9:F2} {4,14:F4} {5,14:F4}",
                    r.Threshold, r.NominalFmr, r.Fmr, r.Fnmr, r.Fmr2Fingers, r.Fmr3Fingers));
            }
        }

        if (variants is not null)
        {
            lines.Add(string.Empty);
            lines.Add("Robustness: each database as given, every image moved by one pixel, read at 0.94 x and 1.06 x its "
                + "resolution; EER / FMR1000 in %:");
            lines.Add("database      as given    shifted 1 px   dpi x 0.94     dpi x 1.06     mean");
            foreach (var runs in variants)
            {
                lines.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-12} {1,5:F2} / {2,5:F2}  {3,5:F2} / {4,5:F2}  {5,5:F2} / {6,5:F2}  {7,5:F2} / {8,5:F2}  {9,5:F2} / {10,5:F2}",
                    runs[0].Name, runs[0].Eer, runs[0].Fmr1000, runs[1].Eer, runs[1].Fmr1000, runs[2].Eer,
                    runs[2].Fmr1000, runs[3].Eer, runs[3].Fmr1000, runs.Average(r => r.Eer),
                    runs.Average(r => r.Fmr1000)));
            }

            lines.Add(MeanOfAll(variants));
        }

        if (swept is not null)
        {
            lines.Add(string.Empty);
            lines.Add("Resolution sweep: each database read at 0.96 x to 1.04 x its resolution in steps of 0.01 "
                + "(1.00 is the run as given); EER in %:");
            lines.Add("database    " + string.Concat(SweepFactors.Select(k => string.Format(
                CultureInfo.InvariantCulture, "{0,6:F2}", k))) + "    mean    min    max  mean FMR1000");
            foreach (var runs in swept)
            {
                lines.Add(string.Format(CultureInfo.InvariantCulture, "{0,-12}", runs[0].Name)
                    + string.Concat(runs.Select(r => string.Format(CultureInfo.InvariantCulture, "{0,6:F2}", r.Eer)))
                    + string.Format(
                        CultureInfo.InvariantCulture, "  {0,6:F2} {1,6:F2} {2,6:F2} {3,13:F2}",
                        runs.Average(r => r.Eer), runs.Min(r => r.Eer), runs.Max(r => r.Eer),
                        runs.Average(r => r.Fmr1000)));
            }

            lines.Add(MeanOfAll(swept));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string MeanOfAll(List<FvcResult[]> databases)
    {
        var all = databases.SelectMany(r => r).ToList();
        return string.Format(
            CultureInfo.InvariantCulture,
            "mean of all {0} runs: EER {1:F2} %, FMR1000 {2:F2} %", all.Count, all.Average(r => r.Eer),
            all.Average(r => r.Fmr1000));
    }
}

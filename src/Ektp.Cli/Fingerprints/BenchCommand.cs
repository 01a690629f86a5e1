using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;
using Ektp.Cli.Infrastructure;

namespace Ektp.Cli.Fingerprints;

/// <summary>`ektp fingerprints bench`: extraction, 1:1 and 1:N speed.</summary>
internal static class BenchCommand
{
    private const int ProbesPerSize = 20;

    public static Command Create()
    {
        var dataset = new Option<string?>("--dataset")
        {
            Description = "Folder of real F_I images for extraction and 1:1 timing "
                + "(default: data/fingerprints/sample/DB1_B found above the current folder)",
        };
        var dpi = new Option<int>("--dpi") { Description = "Resolution of --dataset", DefaultValueFactory = _ => 500 };
        var sizes = new Option<string>("--sizes")
        {
            Description = "Gallery sizes in fingers (2 fingers per person), comma-separated",
            DefaultValueFactory = _ => "10000,100000,1000000,2000000",
        };
        var prefilterDataset = new Option<string?>("--prefilter-dataset")
        {
            Description = "Folder of F_I images, or of such folders (e.g. FVC2002), on which to measure how the "
                + "pre-filter ranks mates among impostors",
        };
        var command = new Command("bench", "Measure extraction, 1:1 matching and 1:N search speed");
        command.Options.Add(dataset);
        command.Options.Add(prefilterDataset);
        command.Options.Add(dpi);
        command.Options.Add(sizes);
        command.SetAction((parse, _) =>
        {
            var folder = parse.GetValue(dataset) ?? FindSample();
            var counts = ParseSizes(parse.GetValue(sizes)!);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            var templates = BenchExtraction(folder, parse.GetValue(dpi));
            BenchMatching(templates);
            if (parse.GetValue(prefilterDataset) is { } real)
            {
                BenchPrefilterOnRealImages(real);
            }

            foreach (var count in counts)
            {
                BenchSearch(count);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static List<int> ParseSizes(string text)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 2 || n > 20_000_000)
            {
                throw new CliException($"--sizes: '{part}' is not a finger count between 2 and 20,000,000");
            }

            list.Add(n);
        }

        return list;
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "fingerprints", "sample", "DB1_B");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CliException("no --dataset given and data/fingerprints/sample/DB1_B not found above this folder");
    }

    private static List<FingerprintTemplate> BenchExtraction(string folder, int dpi)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException($"dataset folder not found: {folder}");
        }

        var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
            || f.EndsWith(".tif", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CliException($"no .png or .tif images in {folder}");
        }

        var bytes = files.Select(File.ReadAllBytes).ToList();
        var templates = bytes.Select(b => FingerprintTemplate.Extract(FingerprintImage.Decode(b, dpi))).ToList();
        var rounds = Math.Max(1, 200 / files.Count);
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var b in bytes)
            {
                FingerprintTemplate.Extract(FingerprintImage.Decode(b, dpi));
            }
        }

        var ms = clock.Elapsed.TotalMilliseconds / (rounds * files.Count);
        var size = templates.Average(t => t.ToBytes().Length);
        Console.WriteLine(string.Concat($"extraction: {ms:F1} ms per image (decode + extract, one thread, {files.Count} "
            + $"real images from {folder} at {dpi} dpi, x{rounds}); template {size:F0} bytes on average, "
            + $"max {templates.Max(t => t.ToBytes().Length)}"));
        return templates;
    }

    private static void BenchMatching(List<FingerprintTemplate> templates)
    {
        var matchers = templates.Select(t => new FingerprintMatcher(t)).ToList();
        long comparisons = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 3)
        {
            foreach (var m in matchers)
            {
                foreach (var t in templates)
                {
                    m.Match(t);
                    comparisons++;
                }
            }
        }

        var perSecond = comparisons / clock.Elapsed.TotalSeconds;
        clock.Restart();
        var withProbe = 0L;
        while (clock.Elapsed.TotalSeconds < 2)
        {
            foreach (var t in templates)
            {
                FingerprintMatcher.Score(t, templates[0]);
                withProbe++;
            }
        }

        Console.WriteLine(string.Concat($"1:1 matching: {perSecond:N0} comparisons/s on one core (probe prepared once, "
            + $"as in 1:N); {withProbe / clock.Elapsed.TotalSeconds:N0}/s including probe preparation "
            + $"(FingerprintMatcher.Score); real templates"));
    }

    // Groups are folder + finger, so several databases pool into one gallery without false mates.
    private static void BenchPrefilterOnRealImages(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new CliException($"--prefilter-dataset: folder not found: {root}");
        }

        var folders = FvcEvaluation.IsDataset(root)
            ? [root]
            : Directory.GetDirectories(root).Where(FvcEvaluation.IsDataset).Order(StringComparer.Ordinal).ToList();
        var templates = new List<(string Group, FingerprintTemplate Template)>();
        foreach (var folder in folders)
        {
            var dpi = FvcEvaluation.DefaultDpi(folder);
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var parts = Path.GetFileNameWithoutExtension(file).Split('_');
                if (parts.Length != 2)
                {
                    continue;
                }

                try
                {
                    var template = FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(file), dpi));
                    templates.Add((folder + "/" + parts[0], template));
                }
                catch (FingerprintImageException)
                {
                    // Not an image the engine reads; the evaluation counts only what it can extract.
                }
            }
        }

        var result = PrefilterEvaluation.Run(templates);
        Console.WriteLine(string.Concat(
            $"pre-filter on real images ({templates.Count} from {folders.Count} folder(s), {result.GenuinePairs} "
            + $"probe-mate pairs, mates ranked against all impostors): mean penetration {result.MeanPenetration:F1} %; "
            + $"mates within the best 0.5 % {result.WithinHalfPercent:F1} %, 2 % {result.WithinTwoPercent:F1} %, "
            + $"10 % {result.WithinTenPercent:F1} %"));
        BenchRealGalleryMemory(templates.Select(t => t.Template).ToList());
    }

    // Real templates carry what synthetic ones do not (the orientation grid, the ridge counts) and take more room: a
    // gallery of RealGalleryFingers fingers made of the real templates over and over, two fingers a person.
    private static void BenchRealGalleryMemory(List<FingerprintTemplate> templates)
    {
        if (templates.Count == 0)
        {
            return;
        }

        const int RealGalleryFingers = 1_000_000;
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        using var gallery = new FingerprintGallery();
        for (var p = 0; p < RealGalleryFingers / 2; p++)
        {
            gallery.Add(p, new Dictionary<FingerPosition, FingerprintTemplate>
            {
                [FingerPosition.RightThumb] = templates[(2 * p) % templates.Count],
                [FingerPosition.RightIndex] = templates[((2 * p) + 1) % templates.Count],
            });
        }

        var after = GC.GetTotalMemory(true);
        Console.WriteLine(string.Concat(
            $"gallery memory with these real templates ({RealGalleryFingers:N0} fingers, the {templates.Count} templates "
            + $"repeated, 2 a person): {(after - before) / (double)(RealGalleryFingers / 2):F0} bytes/person managed heap "
            + $"growth, {(double)gallery.MemoryBytes / (RealGalleryFingers / 2):F0} bytes/person in gallery arrays"));
    }

    private static void BenchSearch(int fingers)
    {
        var persons = fingers / 2;
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        using var gallery = new FingerprintGallery();
        const int Batch = 10_000;
        for (var start = 0; start < persons; start += Batch)
        {
            var end = Math.Min(persons, start + Batch);
            var batch = new Dictionary<FingerPosition, FingerprintTemplate>[end - start];
            Parallel.For(start, end, p => batch[p - start] = Enrolled(p));
            for (var p = start; p < end; p++)
            {
                gallery.Add(p, batch[p - start]);
            }
        }

        var build = clock.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(true);
        var random = new Random(fingers);
        double total = 0, worst = 0, prefilter = 0, scanned = 0, exact = 0;
        var hits = 0;
        for (var q = 0; q < ProbesPerSize; q++)
        {
            var target = random.Next(persons);
            var probe = Probe(target, q);
            clock.Restart();
            var (found, stats) = gallery.SearchWithStatistics(probe, 10, FingerprintMatcher.DefaultThreshold);
            var seconds = clock.Elapsed.TotalSeconds;
            total += seconds;
            worst = Math.Max(worst, seconds);
            prefilter += stats.PrefilterMilliseconds / 1000;
            scanned += stats.FingersScanned;
            exact += stats.ExactComparisons;
            if (found.Count > 0 && found[0].PersonId == target)
            {
                hits++;
            }
        }

        var cores = Environment.ProcessorCount;
        Console.WriteLine(string.Concat(
            $"1:N {fingers:N0} fingers ({persons:N0} persons x 2, SYNTHETIC templates): built in {build:F1} s; "
            + $"{(double)gallery.MemoryBytes / fingers:F0} bytes/finger in gallery arrays "
            + $"({(after - before) / (double)fingers:F0} bytes/finger managed heap growth); "
            + $"2-finger probe: mean {total / ProbesPerSize * 1000:F0} ms, max {worst * 1000:F0} ms on {cores} cores; "
            + $"pre-filter {scanned / prefilter / cores / 1e6:F1} M fingers/s/core "
            + $"({prefilter / ProbesPerSize * 1000:F0} ms per probe); "
            + $"{exact / ProbesPerSize:F0} exact comparisons per probe "
            + $"({exact / scanned * 100:F3} % of fingers scanned); mate ranked first {hits}/{ProbesPerSize}"));
    }

    private static Dictionary<FingerPosition, FingerprintTemplate> Enrolled(int person)
    {
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        var noise = new SyntheticFingers(person ^ 0x5EED);
        return new()
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
        };
    }

    private static Dictionary<FingerPosition, FingerprintTemplate> Probe(int person, int salt)
    {
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        var noise = new SyntheticFingers((person * 31) + salt + 1);
        return new()
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
        };
    }
}

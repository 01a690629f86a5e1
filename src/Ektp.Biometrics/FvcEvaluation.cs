using System.Diagnostics;
using System.Globalization;

namespace Ektp.Biometrics;

/// <summary>Accuracy and speed of the engine on one FVC-style database.</summary>
/// <param name="Name">Folder name of the database.</param>
/// <param name="Eer">Equal error rate in percent.</param>
/// <param name="Fmr100">Lowest false non-match rate (percent) with a false match rate of at most 1 %.</param>
/// <param name="Fmr1000">Lowest false non-match rate (percent) with a false match rate of at most 0.1 %.</param>
/// <param name="ZeroFmr">Lowest false non-match rate (percent) with no false match at all.</param>
/// <param name="FailedExtractions">Images that could not be decoded or gave fewer than two minutiae.</param>
/// <param name="MsPerExtraction">
/// Mean milliseconds per image (decode + extract), one thread; 0 when not measured.
/// </param>
/// <param name="ComparisonsPerSecondPerCore">
/// 1:1 comparisons per CPU-second (one thread, probe prepared); 0 when not measured.
/// </param>
/// <param name="GenuineScores">Scores of all genuine pairs.</param>
/// <param name="ImpostorScores">Scores of all impostor pairs.</param>
/// <param name="Dpi">The resolution the images were read at.</param>
public sealed record FvcResult(
    string Name,
    double Eer,
    double Fmr100,
    double Fmr1000,
    double ZeroFmr,
    int FailedExtractions,
    double MsPerExtraction,
    double ComparisonsPerSecondPerCore,
    IReadOnlyList<double> GenuineScores,
    IReadOnlyList<double> ImpostorScores,
    int Dpi = 500);

/// <summary>
/// A run of the protocol on changed images, to see how far trivial changes move the figures: every image moved by one
/// pixel, or read at 0.94 × or 1.06 × its resolution (a sensor's tolerance, or a finger's own ridge spacing).
/// </summary>
public enum FvcVariant
{
    /// <summary>The images as they are.</summary>
    AsGiven,

    /// <summary>Every image moved up and left by one captured pixel.</summary>
    ShiftedOnePixel,

    /// <summary>Every image read at 0.94 × the resolution.</summary>
    LowerResolution,

    /// <summary>Every image read at 1.06 × the resolution.</summary>
    HigherResolution,
}

/// <summary>
/// The FVC protocol on a folder of <c>F_I.*</c> images (finger F, impression I): genuine pairs are all pairs of
/// impressions of one finger, impostor pairs are all pairs of impressions of different fingers.
/// </summary>
public static class FvcEvaluation
{
    private static readonly string[] Extensions = [".png", ".tif", ".tiff", ".bmp", ".jpg", ".jpeg"];

    /// <summary>
    /// The resolution a folder is read at when none is given: that of a known sensor recognised by the frame size of
    /// the folder's first readable image (<see cref="SensorDpi"/>), otherwise 500 dpi. A folder's name is no guide:
    /// FVC2002's DB2 was scanned at 569 dpi, FVC2004's DB2 at 500.
    /// </summary>
    public static int DefaultDpi(string directory)
    {
        foreach (var (path, _) in ListImages(directory))
        {
            try
            {
                var image = FingerprintImage.Decode(File.ReadAllBytes(path));
                return SensorDpi(image.Width, image.Height);
            }
            catch (FingerprintImageException)
            {
                // Not readable: the next one may be.
            }
        }

        return Parameters.InternalDpi;
    }

    /// <summary>
    /// The resolution of a public sensor whose frames are <paramref name="width"/> × <paramref name="height"/> pixels,
    /// as FVC and the datasets' own descriptions publish it; 500 dpi, the common case, for any other size.
    /// </summary>
    public static int SensorDpi(int width, int height) =>
        KnownSensors.TryGetValue((width, height), out var dpi) ? dpi : Parameters.InternalDpi;

    // Frames whose sensor is not 500 dpi. Sizes shared by 500-dpi sensors (FVC2002 DB3 and FVC2000 DB1, 300 x 300;
    // FVC2004 DB2, 328 x 364; the synthetic databases) need no entry.
    private static readonly Dictionary<(int Width, int Height), int> KnownSensors = new()
    {
        [(296, 560)] = 569, // FVC2002 DB2: Biometrika FX2000, optical
        [(400, 560)] = 569, // FVC2006 DB2: optical (BiometriKa)
        [(300, 480)] = 512, // FVC2004 DB3: Atmel FingerChip FCD4B14CB, thermal sweep
        [(328, 356)] = 512, // CASIA-FingerprintV5: Digital Persona U.are.U 4000
        [(96, 96)] = 250, // FVC2006 DB1: electric-field sensor
    };

    /// <summary>True when the folder directly holds images named <c>F_I.ext</c>.</summary>
    public static bool IsDataset(string directory) => ListImages(directory).Count > 0;

    /// <summary>
    /// Runs the protocol on one folder; images are read at <paramref name="dpi"/>, or changed as
    /// <paramref name="variant"/> says (then <see cref="FvcResult.Dpi"/> is the resolution actually used).
    /// </summary>
    /// <param name="directory">The folder of <c>F_I.*</c> images.</param>
    /// <param name="dpi">The sensor's resolution.</param>
    /// <param name="variant">How the images are changed before extraction.</param>
    /// <param name="measureSpeed">
    /// Whether to time extraction and matching. Timing warms the code up and repeats the comparisons for at least a
    /// second of CPU; without it both speeds in the result are 0 and the accuracy figures are the same.
    /// </param>
    public static FvcResult Evaluate(
        string directory, int dpi = 500, FvcVariant variant = FvcVariant.AsGiven, bool measureSpeed = true)
    {
        dpi = variant switch
        {
            FvcVariant.LowerResolution => Math.Max(Parameters.MinDpi, (int)Math.Round(dpi * 0.94)),
            FvcVariant.HigherResolution => Math.Min(Parameters.MaxDpi, (int)Math.Round(dpi * 1.06)),
            _ => dpi,
        };
        var shift = variant == FvcVariant.ShiftedOnePixel;
        var images = ListImages(directory);
        if (images.Count == 0)
        {
            throw new DirectoryNotFoundException($"No F_I images in {directory}.");
        }

        var templates = new FingerprintTemplate?[images.Count];
        var failed = 0;
        if (measureSpeed)
        {
            WarmUp(images[0].Path, dpi);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < images.Count; i++)
        {
            try
            {
                var image = FingerprintImage.Decode(File.ReadAllBytes(images[i].Path), dpi);
                templates[i] = FingerprintTemplate.Extract(shift ? image.ShiftedByOnePixel() : image);
                if (templates[i]!.Minutiae.Count < 2)
                {
                    failed++;
                }
            }
            catch (FingerprintImageException)
            {
                failed++;
            }
        }

        var msPerExtraction = measureSpeed ? clock.Elapsed.TotalMilliseconds / images.Count : 0;
        var genuine = new List<double>();
        var impostor = new List<double>();
        var comparisons = 0;

        // Probes are prepared here, before any clock starts (as in a 1:N search).
        var matchers = templates.Select(t => t is null ? null : new FingerprintMatcher(t)).ToArray();
        for (var i = 0; i < images.Count; i++)
        {
            if (matchers[i] is not { } matcher)
            {
                continue;
            }

            for (var j = i + 1; j < images.Count; j++)
            {
                if (templates[j] is not { } candidate)
                {
                    continue;
                }

                var score = matcher.Match(candidate);
                comparisons++;
                (images[i].Finger == images[j].Finger ? genuine : impostor).Add(score);
            }
        }

        var comparisonsPerSecond = measureSpeed ? TimeMatching(templates, matchers, comparisons) : 0;

        for (var i = 0; i < images.Count; i++)
        {
            if (templates[i] is null)
            {
                for (var j = 0; j < images.Count; j++)
                {
                    if (j != i && (j > i || templates[j] is not null))
                    {
                        (images[i].Finger == images[j].Finger ? genuine : impostor).Add(0);
                    }
                }
            }
        }

        var rates = ErrorRates.Compute(genuine, impostor);
        return new FvcResult(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
            rates.Eer, rates.Fmr100, rates.Fmr1000, rates.ZeroFmr, failed, msPerExtraction,
            comparisonsPerSecond, genuine, impostor, dpi);
    }

    // Comparisons per CPU-second: the clock is the process's CPU time, not the wall clock, which on a shared machine
    // also counts the time other processes ran. The pass that scored is not timed, nor are further passes up to
    // MinimumMatchTime of CPU: the JIT's warm-up on this database's templates (tiered compilation promotes the
    // matcher's methods only after they have run a while after the extraction's; the first database's rate scattered
    // from 38 k to 52 k between runs without it). Then whole passes (scores not kept) are timed until they add up to
    // MinimumMatchTime of CPU. Garbage is collected before the clock starts, so that a background collection is not
    // charged to matching.
    private static double TimeMatching(
        FingerprintTemplate?[] templates, FingerprintMatcher?[] matchers, int comparisons)
    {
        using var process = Process.GetCurrentProcess();
        var warmUntil = process.TotalProcessorTime + MinimumMatchTime;
        while (comparisons > 0 && process.TotalProcessorTime < warmUntil)
        {
            MatchAll(templates, matchers);
            process.Refresh();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var timed = 0;
        while (comparisons > 0 && (timed == 0 || process.TotalProcessorTime - cpuBefore < MinimumMatchTime))
        {
            timed += MatchAll(templates, matchers);
            process.Refresh();
        }

        return timed / Math.Max(1e-9, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static readonly TimeSpan MinimumMatchTime = TimeSpan.FromSeconds(0.5);

    private static int MatchAll(FingerprintTemplate?[] templates, FingerprintMatcher?[] matchers)
    {
        var comparisons = 0;
        for (var i = 0; i < templates.Length; i++)
        {
            for (var j = i + 1; j < templates.Length; j++)
            {
                if (matchers[i] is { } matcher && templates[j] is { } candidate)
                {
                    matcher.Match(candidate);
                    comparisons++;
                }
            }
        }

        return comparisons;
    }

    // Timings are of steady-state code, as a server sees it: the JIT's first, unoptimised tiers are excluded.
    private static void WarmUp(string path, int dpi)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var template = FingerprintTemplate.Extract(FingerprintImage.Decode(bytes, dpi));
            var matcher = new FingerprintMatcher(template);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalMilliseconds < 500)
            {
                FingerprintTemplate.Extract(FingerprintImage.Decode(bytes, dpi));
                for (var i = 0; i < 20; i++)
                {
                    matcher.Match(template);
                }
            }
        }
        catch (FingerprintImageException)
        {
            // A bad first image is counted as a failure by the evaluation itself.
        }
    }

    private static List<(string Path, int Finger)> ListImages(string directory)
    {
        var list = new List<(string Path, int Finger, int Impression)>();
        if (!Directory.Exists(directory))
        {
            return [];
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (!Extensions.Contains(ext))
            {
                continue;
            }

            var parts = Path.GetFileNameWithoutExtension(path).Split('_');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var finger)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var impression))
            {
                list.Add((path, finger, impression));
            }
        }

        return [.. list.OrderBy(x => x.Finger).ThenBy(x => x.Impression).Select(x => (x.Path, x.Finger))];
    }
}

/// <summary>EER and FNMR at fixed FMR from genuine and impostor score lists, all in percent.</summary>
internal static class ErrorRates
{
    public static (double Eer, double Fmr100, double Fmr1000, double ZeroFmr) Compute(
        IReadOnlyList<double> genuine, IReadOnlyList<double> impostor)
    {
        var g = genuine.Order().ToArray();
        var im = impostor.Order().ToArray();
        var thresholds = g.Concat(im).Append(double.MaxValue).Distinct().Order().ToArray();
        double eer = 100, bestGap = double.MaxValue;
        double fmr100 = 100, fmr1000 = 100, zero = 100;
        foreach (var t in thresholds)
        {
            // Accept when score >= t.
            var fmr = (double)(im.Length - LowerBound(im, t)) / Math.Max(1, im.Length);
            var fnmr = (double)LowerBound(g, t) / Math.Max(1, g.Length);
            var gap = Math.Abs(fmr - fnmr);
            if (gap < bestGap)
            {
                bestGap = gap;
                eer = (fmr + fnmr) / 2 * 100;
            }

            if (fmr <= 0.01)
            {
                fmr100 = Math.Min(fmr100, fnmr * 100);
            }

            if (fmr <= 0.001)
            {
                fmr1000 = Math.Min(fmr1000, fnmr * 100);
            }

            if (fmr == 0)
            {
                zero = Math.Min(zero, fnmr * 100);
            }
        }

        return (eer, fmr100, fmr1000, zero);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using Xunit.Abstractions;

namespace Ektp.Faces.Tests;

/// <summary>
/// Measures ms per face check for docs/benchmarks.md; asserts nothing about time and runs only on request:
/// <c>EKTP_FACE_BENCH=1 dotnet test tests/Ektp.Faces.Tests -c Release --filter DetectionSpeed
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class DetectionSpeed(ITestOutputHelper output)
{
    [BenchFact]
    public void Milliseconds_per_detection()
    {
        var load = Stopwatch.StartNew();
        using var detector = new FaceDetector();
        Report("model load, first in the process (with ONNX Runtime's native library)",
            load.Elapsed.TotalMilliseconds, 1);
        load.Restart();
        using (new FaceDetector())
        {
            Report("model load, second instance", load.Elapsed.TotalMilliseconds, 1);
        }

        var small = TestPhotos.OneFace;
        var camera = Upscaled(small, 1200, 1600);
        Measure("Check, 360 x 480 JPEG (8 KB)", 60, () => detector.Check(small));
        Measure("Check, 1200 x 1600 JPEG (camera size)", 30, () => detector.Check(camera));
        Measure("CropPortrait, 360 x 480 JPEG", 30, () => detector.CropPortrait(small));
        var loadAverage = File.ReadAllText("/proc/loadavg").Trim();
        output.WriteLine($"load average: {loadAverage}; {Environment.ProcessorCount} cores");
    }

    private void Measure(string what, int runs, Action action)
    {
        for (var i = 0; i < 5; i++)
        {
            action(); // warm-up: JIT tiers and ONNX Runtime's first-run allocations
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Report(what, times[times.Count / 2], runs, times.Average(), times[0]);
    }

    private void Report(string what, double median, int runs, double? mean = null, double? best = null) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {median:0.0} ms, mean {mean ?? median:0.0} ms, best {best ?? median:0.0} ms") +
            $" ({runs} runs)");

    private static byte[] Upscaled(byte[] jpeg, int width, int height)
    {
        using var source = SKBitmap.Decode(jpeg);
        using var target = source.Resize(new SKImageInfo(width, height),
            new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(target);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}

/// <summary>Runs only when EKTP_FACE_BENCH=1: timings are measured on request, never part of the test suite.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("EKTP_FACE_BENCH") != "1")
        {
            Skip = "a measurement, not a test: set EKTP_FACE_BENCH=1 to run it";
        }
    }
}

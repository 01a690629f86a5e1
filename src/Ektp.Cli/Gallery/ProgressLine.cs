using System.Diagnostics;
using System.Globalization;

namespace Ektp.Cli.Gallery;

/// <summary>A progress bar on stderr, redrawn in place at most twice a second: done / total, rate and time left.</summary>
internal sealed class ProgressLine(string what, long total)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _drawn = TimeSpan.FromSeconds(-1);

    public void Report(long done, string detail = "", bool force = false)
    {
        if (!force && _clock.Elapsed - _drawn < TimeSpan.FromMilliseconds(500))
        {
            return;
        }

        _drawn = _clock.Elapsed;
        var share = total == 0 ? 1 : (double)done / total;
        var filled = (int)(share * Width);
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var left = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{what} [{new string('#', filled)}{new string('.', Width - filled)}] {done:N0}/{total:N0} " +
            $"{share * 100:F1} %, {rate:N0}/s, {_clock.Elapsed:hh\\:mm\\:ss} elapsed, {left:hh\\:mm\\:ss} left {detail}   "));
    }

    public void Done(long done, string detail = "")
    {
        Report(done, detail, force: true);
        Console.Error.WriteLine();
    }
}

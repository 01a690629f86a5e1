namespace Ektp.Regional.Planning;

/// <summary>
/// When a kecamatan reaches 100 % at its recent weekly recording rate, and what weekly rate would reach it by a
/// target date. Pure arithmetic over counts, so it is tested on its own.
/// </summary>
internal static class Projection
{
    /// <param name="wajib">Wajib KTP today.</param>
    /// <param name="recorded">Of those, recorded.</param>
    /// <param name="recordedInWindow">Wajib-KTP residents recorded in the last <paramref name="weeks"/> weeks.</param>
    /// <param name="weeks">Length of the window the rate is measured over.</param>
    /// <param name="today">The office's today.</param>
    /// <param name="target">The date 100 % should be reached, if asked.</param>
    /// <param name="turning17">Unrecorded residents who become wajib KTP after today and on or before the target:
    /// they join the gap before the target.</param>
    public static ProjectionFigures Compute(int wajib, int recorded, int recordedInWindow, int weeks, DateOnly today,
        DateOnly? target, int turning17)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var gap = Math.Max(0, wajib - recorded);
        var rate = Math.Round((decimal)recordedInWindow / weeks, 2, MidpointRounding.AwayFromZero);
        int? weeksTo100 = gap == 0 ? 0 : recordedInWindow == 0 ? null : (int)Math.Ceiling((decimal)gap * weeks / recordedInWindow);
        DateOnly? reachesOn = weeksTo100 is { } w ? today.AddDays(w * 7) : null;
        int? needed = null;
        decimal? weeksLeft = null;
        if (target is { } t && t > today)
        {
            weeksLeft = Math.Round((t.DayNumber - today.DayNumber) / 7m, 2, MidpointRounding.AwayFromZero);
            needed = (int)Math.Ceiling((gap + turning17) * 7m / (t.DayNumber - today.DayNumber));
        }

        var percent = wajib == 0 ? 0m : Math.Min(100m, Math.Round(100m * recorded / wajib, 2, MidpointRounding.AwayFromZero));
        return new ProjectionFigures(wajib, recorded, percent, gap, recordedInWindow, rate, weeksTo100, reachesOn,
            target, weeksLeft, turning17, needed);
    }
}

internal sealed record ProjectionFigures(int WajibKtp, int Recorded, decimal Percent, int Gap, int RecordedInWindow,
    decimal WeeklyRate, int? WeeksTo100, DateOnly? ReachesOn, DateOnly? Target, decimal? WeeksToTarget,
    int TurningSeventeenByTarget, int? NeededWeeklyRate);

using Ektp.Core.Eligibility;

namespace Ektp.Regional.Reports;

/// <summary>
/// Splits birth dates into classes that every rule of a coverage report answers alike for a given set of report
/// dates, so that the database can count residents per class instead of sending every resident.
/// <para>
/// For a report date <c>D</c> the report asks of a birth date <c>b</c> only: born by <c>D</c> (<c>b ≤ D</c>); wajib KTP
/// by age on <c>D</c> (<c>WajibKtpDate(b) ≤ D</c>); turns 22 after <c>D</c> and within a year of it
/// (<c>DeactivationDate(b)</c> against <c>D</c> and <c>D + 1 year</c>). Core's <c>WajibKtpDate</c> and
/// <c>DeactivationDate</c> never decrease as the birth date increases (a 29 February birthday falls on 1 March, after
/// 28 February and not after 1 March), so each question is "is <c>b</c> on or before some boundary", with the boundary
/// found by searching Core's own rule rather than by re-deriving it here. Between two neighbouring boundaries every
/// answer is the same, and the latest date of a class stands for all of it.
/// </para>
/// </summary>
internal sealed class BirthDateClasses
{
    private readonly DateOnly[] _boundaries;

    public BirthDateClasses(IEnumerable<DateOnly> reportDates)
    {
        ArgumentNullException.ThrowIfNull(reportDates);
        var boundaries = new SortedSet<DateOnly>();
        foreach (var day in reportDates)
        {
            boundaries.Add(day);
            boundaries.Add(LastBirthDate(WajibKtp.WajibKtpDate, day));
            boundaries.Add(LastBirthDate(WajibKtp.DeactivationDate, day));
            boundaries.Add(LastBirthDate(WajibKtp.DeactivationDate, day.AddYears(1)));
        }

        _boundaries = [.. boundaries];
    }

    /// <summary>The class boundaries, ascending: class <c>k</c> holds the birth dates after boundary <c>k-1</c> and on
    /// or before boundary <c>k</c>; the last class, number <see cref="Boundaries"/>.Count, those after the last one.</summary>
    public IReadOnlyList<DateOnly> Boundaries => _boundaries;

    /// <summary>The class of a birth date.</summary>
    public int ClassOf(DateOnly birthDate)
    {
        var index = Array.BinarySearch(_boundaries, birthDate);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The birth date that stands for a class: its latest day (the day after the last boundary for the last).</summary>
    public DateOnly Representative(int @class) =>
        @class < _boundaries.Length ? _boundaries[@class] : _boundaries[^1].AddDays(1);

    /// <summary>The latest birth date whose <paramref name="rule"/> date is on or before <paramref name="day"/>:
    /// a binary search over days, valid because the rule never decreases.</summary>
    internal static DateOnly LastBirthDate(Func<DateOnly, DateOnly> rule, DateOnly day)
    {
        // The rules add 17 or 22 years: the answer lies well inside [day - 30 years, day].
        var low = day.AddYears(-30).DayNumber; // rule(low) <= day
        var high = day.DayNumber; // rule(high) > day
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (rule(DateOnly.FromDayNumber(middle)) <= day)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return DateOnly.FromDayNumber(low);
    }
}

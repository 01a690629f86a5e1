using System.Text.Json.Serialization;

namespace Ektp.Regional.Reports;

/// <summary>The levels a coverage report can be broken down by, from the whole kab/kota down to the RT.</summary>
internal enum CoverageLevel
{
    KabKota,
    Kecamatan,
    Kelurahan,
    Rt,
}

internal static class CoverageLevels
{
    public static string Code(CoverageLevel level) => level switch
    {
        CoverageLevel.KabKota => "kabkota",
        CoverageLevel.Kecamatan => "kecamatan",
        CoverageLevel.Kelurahan => "kelurahan",
        _ => "rt",
    };

    public static bool TryParse(string? text, out CoverageLevel level)
    {
        foreach (var candidate in Enum.GetValues<CoverageLevel>())
        {
            if (string.Equals(Code(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}

/// <summary>
/// The figures of one group of residents as of a date. Every figure is counted from the records, never stored.
/// <see cref="Recorded"/> counts wajib-KTP residents only, so <see cref="Percent"/> cannot pass 100; the stage
/// counts (sent, print-ready, printed, delivered, duplicates) count every recorded resident of the group whatever
/// the age, so a 16-year-old recorded at school shows there and in <see cref="RecordedNotWajib"/>.
/// </summary>
internal class CoverageTally
{
    /// <summary>Residents of the registry born on or before the date.</summary>
    public int Population { get; set; }

    public int WajibKtp { get; set; }

    /// <summary>Wajib-KTP residents recorded on or before the date.</summary>
    public int Recorded { get; set; }

    /// <summary>Recorded residents who are not wajib KTP yet on the date (students recorded at 15 or 16).</summary>
    public int RecordedNotWajib { get; set; }

    /// <summary>Recorded / wajib KTP in percent, two decimals, rounded half away from zero; never above 100.</summary>
    public decimal Percent => WajibKtp == 0
        ? 0m
        : Math.Min(100m, Math.Round(100m * Recorded / WajibKtp, 2, MidpointRounding.AwayFromZero));

    /// <summary>Records that had been sent to the centre by the date (SENT_FOR_ENROLLMENT or any later stage).</summary>
    public int SentToCentre { get; set; }

    /// <summary>Records the centre had cleared for printing by the date (PRINT_READY_RECORD, PRINTED or DELIVERED).</summary>
    public int PrintReady { get; set; }

    /// <summary>Cleared for printing but not printed yet on the date (PRINT_READY_RECORD): the print backlog.</summary>
    public int PrintBacklog { get; set; }

    /// <summary>Cards printed by the date (PRINTED or DELIVERED).</summary>
    public int Printed { get; set; }

    public int Delivered { get; set; }

    /// <summary>Records held as data ganda on the date (DUPLICATE_RECORD or ADJUDICATE_RECORD).</summary>
    public int Duplicates { get; set; }

    /// <summary>Unrecorded wajib-KTP residents whose 22nd birthday falls within a year after the date.</summary>
    public int UnrecordedTurning22 { get; set; }

    public void Add(CoverageTally other)
    {
        Population += other.Population;
        WajibKtp += other.WajibKtp;
        Recorded += other.Recorded;
        RecordedNotWajib += other.RecordedNotWajib;
        SentToCentre += other.SentToCentre;
        PrintReady += other.PrintReady;
        PrintBacklog += other.PrintBacklog;
        Printed += other.Printed;
        Delivered += other.Delivered;
        Duplicates += other.Duplicates;
        UnrecordedTurning22 += other.UnrecordedTurning22;
    }
}

/// <summary>One unit of the report (a kecamatan, kelurahan or RT), or the total of all of them.</summary>
internal sealed class CoverageRow : CoverageTally
{
    /// <summary>
    /// The unit's code: 4-digit kab/kota, 6-digit kecamatan, 10-digit kelurahan/desa code, or
    /// <c>KELURAHAN/RW/RT</c> with RW and RT as three digits (<c>1472011001/002/005</c>) for an RT.
    /// </summary>
    [JsonPropertyOrder(-2)]
    public required string Code { get; init; }

    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }

    /// <summary>
    /// Remarks on the unit added after the figures are counted (by <see cref="ICoverageNotes"/> sources, such as
    /// what an RT head found about the unrecorded); empty when there are none.
    /// </summary>
    [JsonPropertyOrder(100)]
    public List<CoverageNote> Notes { get; } = [];
}

/// <summary>A remark on a unit: a stable code, a sentence, and how many residents it concerns when it counts any.</summary>
internal sealed record CoverageNote(string Code, string Text, int? Count = null);

/// <summary>Residents the report could not place in a unit of the level asked for, grouped by why.</summary>
internal sealed class UnplacedGroup : CoverageTally
{
    /// <summary>
    /// <c>kecamatan-unknown</c>, <c>kelurahan-unknown</c> (the code is not in the official region list),
    /// <c>outside-area</c> (the code is official but lies outside this kab/kota or outside <c>parent</c>),
    /// or <c>rt-missing</c> (RT or RW is 0 or missing).
    /// </summary>
    [JsonPropertyOrder(-2)]
    public required string Reason { get; init; }

    [JsonPropertyOrder(-1)]
    public required string Explanation { get; init; }

    /// <summary>The first few records of the group (in NIK order), for the operator to correct.</summary>
    [JsonPropertyOrder(100)]
    public List<UnplacedExample> Examples { get; } = [];
}

internal sealed record UnplacedExample(string Nik, string KecamatanCode, string KelurahanCode, int Rw, int Rt);

/// <summary>A region named in a report: code (plain digits) and official name.</summary>
internal sealed record CoverageArea(string Code, string Name, string Level);

/// <summary>
/// The coverage report (<c>GET /api/reports/coverage</c>): one row per unit of <see cref="Level"/> inside the
/// kab/kota or <see cref="Parent"/>, the total, and the residents that could not be placed. For every figure,
/// total = sum of the units + sum of the unplaced groups.
/// </summary>
internal sealed record CoverageReport(
    string Level,
    DateOnly AsOf,
    CoverageArea Region,
    CoverageArea? Parent,
    IReadOnlyList<CoverageRow> Units,
    CoverageRow Total,
    IReadOnlyList<UnplacedGroup> Unplaced,
    IReadOnlyList<string> Caveats,
    DateTime GeneratedAt);

/// <summary>One week of the trend: recordings made in the week and the state at its last day.</summary>
/// <param name="WeekEnding">The last day of the week (the weeks end on the report's date).</param>
/// <param name="RecordedInWeek">Residents recorded during those seven days, whatever their age.</param>
/// <param name="WajibKtp">Wajib KTP on <paramref name="WeekEnding"/>.</param>
/// <param name="Recorded">Wajib-KTP residents recorded by <paramref name="WeekEnding"/>.</param>
/// <param name="Percent">Coverage on <paramref name="WeekEnding"/>.</param>
/// <param name="PrintBacklog">Records cleared for printing and not printed on <paramref name="WeekEnding"/>.</param>
internal sealed record CoverageWeek(DateOnly WeekEnding, int RecordedInWeek, int WajibKtp, int Recorded,
    decimal Percent, int PrintBacklog);

internal sealed record CoverageTrend(DateOnly AsOf, CoverageArea Region, CoverageArea? Parent,
    IReadOnlyList<CoverageWeek> Weeks);

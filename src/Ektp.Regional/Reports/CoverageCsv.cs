using System.Globalization;
using System.Text;

namespace Ektp.Regional.Reports;

/// <summary>
/// The report's tables as CSV (UTF-8, RFC 4180 quoting, invariant numbers): one row per unit, then the total, then one
/// row per group of unplaced residents; the column names are the JSON names.
/// </summary>
internal static class CoverageCsv
{
    public const string Header =
        "row,code,name,population,wajibKtp,recorded,percent,recordedNotWajib,sentToCentre,printReady,printBacklog,"
        + "printed,delivered,duplicates,unrecordedTurning22,notes";

    public const string TrendHeader = "weekEnding,recordedInWeek,wajibKtp,recorded,percent,printBacklog";

    public static string Report(CoverageReport report)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var unit in report.Units)
        {
            Row(csv, "unit", unit.Code, unit.Name, unit, Notes(unit));
        }

        Row(csv, "total", report.Total.Code, report.Total.Name, report.Total, Notes(report.Total));
        foreach (var group in report.Unplaced)
        {
            Row(csv, "unplaced", group.Reason, group.Explanation, group,
                string.Join(' ', group.Examples.Select(e => e.Nik)));
        }

        return csv.ToString();
    }

    public static string Trend(CoverageTrend trend)
    {
        var csv = new StringBuilder().Append(TrendHeader).Append('\n');
        foreach (var w in trend.Weeks)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{w.WeekEnding:yyyy-MM-dd},{w.RecordedInWeek},{w.WajibKtp},{w.Recorded},{w.Percent:0.00},{w.PrintBacklog}\n");
        }

        return csv.ToString();
    }

    /// <summary>A file name such as <c>cakupan-1472-kecamatan-2013-12-19.csv</c>.</summary>
    public static string FileName(CoverageReport report, string extension) =>
        string.Create(CultureInfo.InvariantCulture,
            $"cakupan-{report.Parent?.Code ?? report.Region.Code}-{report.Level}-{report.AsOf:yyyy-MM-dd}.{extension}");

    private static string Notes(CoverageRow row) => string.Join("; ", row.Notes.Select(n => n.Text));

    private static void Row(StringBuilder csv, string kind, string code, string name, CoverageTally t, string notes) =>
        csv.Append(CultureInfo.InvariantCulture,
                $"{kind},{Quote(code)},{Quote(name)},{t.Population},{t.WajibKtp},{t.Recorded},")
            .Append(CultureInfo.InvariantCulture,
                $"{t.Percent:0.00},{t.RecordedNotWajib},{t.SentToCentre},{t.PrintReady},{t.PrintBacklog},{t.Printed},")
            .Append(CultureInfo.InvariantCulture,
                $"{t.Delivered},{t.Duplicates},{t.UnrecordedTurning22},{Quote(notes)}\n");

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

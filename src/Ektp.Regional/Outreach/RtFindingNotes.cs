using System.Globalization;
using Ektp.Core.Eligibility;
using Ektp.Regional.Data;
using Ektp.Regional.Reports;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Outreach;

/// <summary>
/// Adds what the RTs found to the coverage report's units: of the unrecorded wajib-KTP residents on the report's
/// date, how many their RT found dead or moved away (no gap in coverage, but counted as one until the registry is
/// updated), sick at home, working elsewhere, or coming to the office. Only findings entered by the end of that date
/// count, so a report of a past date reads the same later.
/// </summary>
internal sealed class RtFindingNotes(RegionalDbContext db) : ICoverageNotes
{
    public async Task AddNotesAsync(CoverageReport report, CancellationToken ct)
    {
        var endOfDay = CoverageData.EndOf(report.AsOf); // the day as the report counts it
        var rows = await db.Set<RtFinding>().AsNoTracking().Where(f => f.RecordedAt < endOfDay)
            .Join(db.Residents, f => f.Nik, r => r.Nik, (f, r) => new
            {
                f.Nik,
                f.Kind,
                f.RecordedAt,
                f.Id,
                r.KecamatanCode,
                r.KelurahanCode,
                r.Rw,
                r.Rt,
                r.BirthDate,
                r.MaritalStatus,
                Recorded = r.RecordedAt,
            }).ToListAsync(ct);
        var latest = rows
            .Where(x => (x.Recorded is null || x.Recorded >= endOfDay) &&
                        WajibKtp.IsWajibKtp(x.BirthDate, x.MaritalStatus, report.AsOf))
            .GroupBy(x => x.Nik, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.RecordedAt).ThenBy(x => x.Id).Last())
            .ToList();
        if (latest.Count == 0)
        {
            return;
        }

        foreach (var row in report.Units.Append(report.Total))
        {
            var code = row.Code;
            var mine = latest.Where(x => code.Length switch
            {
                6 => x.KecamatanCode == code,
                10 => x.KelurahanCode == code,
                _ when code.Contains('/', StringComparison.Ordinal) => code == string.Create(
                    CultureInfo.InvariantCulture, $"{x.KelurahanCode}/{x.Rw:D3}/{x.Rt:D3}"),
                _ => true, // the kab/kota total
            }).ToList();
            Add(row, mine.Count(x => x.Kind.LeavesRegistry()), "rt-dead-or-moved-away",
                "unrecorded wajib-KTP residents were found dead or moved away by their RT: not a gap in coverage, " +
                "but counted as unrecorded until the registry (SIAK) is updated");
            Add(row, mine.Count(x => x.Kind == FindingKind.SickAtHome), "rt-sick-at-home",
                "were found sick at home: a home visit is requested");
            Add(row, mine.Count(x => x.Kind == FindingKind.WorkingElsewhere), "rt-working-elsewhere",
                "work outside the region, according to their RT");
            Add(row, mine.Count(x => x.Kind == FindingKind.WillCome), "rt-will-come",
                "told their RT they will come to the office to be recorded");
        }
    }

    private static void Add(CoverageRow row, int count, string code, string text)
    {
        if (count > 0)
        {
            row.Notes.Add(new CoverageNote(code, string.Create(CultureInfo.InvariantCulture, $"{count} {text}."),
                count));
        }
    }
}

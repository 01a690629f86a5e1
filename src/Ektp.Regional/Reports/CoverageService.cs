using System.Data.Common;
using System.Globalization;
using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Reports;

/// <summary>
/// Adds remarks to a computed report's units, such as what an RT head found about the unrecorded (moved away,
/// died). Every registered source runs after the figures are counted; the figures themselves never change.
/// </summary>
internal interface ICoverageNotes
{
    Task AddNotesAsync(CoverageReport report, CancellationToken ct);
}

/// <summary>A checked request for a report: the level, the date and the kecamatan or kelurahan it is limited to.</summary>
internal sealed record CoverageQuery(CoverageLevel Level, DateOnly AsOf, Region? Parent);

/// <summary>
/// Reads the registry and the status history and counts the coverage report and its weekly trend, shared by the API,
/// the dashboard, the CSV and PDF exports and the benchmark.
/// </summary>
internal sealed class CoverageService(RegionalDbContext db, RegionCatalog regions, RegionalInfo region,
    TimeProvider clock, IEnumerable<ICoverageNotes> notes)
{
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 104;

    public async Task<CoverageReport> ReportAsync(CoverageQuery query, CancellationToken ct)
    {
        var data = await LoadAsync(query.Parent, CoverageData.EndOf(query.AsOf), ct);
        return await ReportAsync(query, data, ct);
    }

    public async Task<CoverageReport> ReportAsync(CoverageQuery query, CoverageData data, CancellationToken ct)
    {
        var calculator = new CoverageCalculator(regions, region, query.Level, query.Parent, query.AsOf, data);
        calculator.AddAll();
        var report = calculator.Build(clock.GetUtcNow().UtcDateTime);
        foreach (var source in notes)
        {
            await source.AddNotesAsync(report, ct);
        }

        return report;
    }

    public async Task<CoverageTrend> TrendAsync(DateOnly asOf, Region? parent, int weeks, CancellationToken ct)
    {
        var data = await LoadAsync(parent, TrendSince(asOf, weeks), ct);
        return Trend(asOf, parent, weeks, data);
    }

    public CoverageTrend Trend(DateOnly asOf, Region? parent, int weeks, CoverageData data) =>
        new(asOf, CoverageCalculator.Area(region.KabKota), parent is null ? null : CoverageCalculator.Area(parent),
            CoverageCalculator.Trend(data, parent, asOf, weeks));

    /// <summary>
    /// The earliest instant a trend of <paramref name="weeks"/> weeks ending on <paramref name="asOf"/> looks at: the
    /// start of its first week.
    /// </summary>
    public static DateTime TrendSince(DateOnly asOf, int weeks) =>
        CoverageData.EndOf(asOf.AddDays(-7 * (weeks - 1))).AddDays(-7);

    /// <summary>
    /// The residents in <paramref name="parent"/> (all when null), and the status moves at or after
    /// <paramref name="since"/> of those whose status changed since: nothing older is needed to know any status
    /// from <paramref name="since"/> on.
    /// </summary>
    public async Task<CoverageData> LoadAsync(Region? parent, DateTime since, CancellationToken ct)
    {
        var facts = await ReadFactsAsync(parent, since, ct);
        var residents = db.Residents.AsNoTracking();
        if (parent?.Level == RegionLevel.Kecamatan)
        {
            residents = residents.Where(r => r.KecamatanCode == parent.Digits);
        }
        else if (parent?.Level == RegionLevel.KelurahanDesa)
        {
            residents = residents.Where(r => r.KelurahanCode == parent.Digits);
        }

        var moves = await db.StatusEvents.AsNoTracking()
            .Where(e => e.At >= since && residents.Any(r => r.Nik == e.Nik && r.StatusSince >= since))
            .Select(e => new { e.Nik, e.At, e.From, e.Id })
            .ToListAsync(ct);
        var changes = moves
            .GroupBy(m => m.Nik, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).ThenBy(m => m.Id)
                .Select(m => new StatusChange(m.At, m.From)).ToArray(), StringComparer.Ordinal);
        return new CoverageData(facts, changes, since);
    }

    // A plain data reader rather than an EF projection: a report reads every resident of the kab/kota, and EF's
    // per-row materialisation with the value converters took several times longer than the counting itself. The
    // database answers the questions that need no rule of ours (is an instant before `since`, is the status code this
    // one, was the resident ever married), so few strings are made per row; only later instants are read and parsed.
    // The kecamatan is the kelurahan code's first six digits, as Core's Resident defines it.
    private async Task<List<ResidentFacts>> ReadFactsAsync(Region? parent, DateTime since, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT "Nik", "KelurahanCode", "Rw", "Rt", "BirthDate",
                       CASE WHEN "MaritalStatus" = '{nameof(MaritalStatus.BelumKawin)}' THEN 0 ELSE 1 END,
                       {StatusCase},
                       CASE WHEN "RecordedAt" < @since THEN 1 ELSE 0 END,
                       CASE WHEN "RecordedAt" >= @since THEN "RecordedAt" END,
                       CASE WHEN "StatusSince" >= @since THEN "StatusSince" END
                FROM "residents"
                """;
            var sinceParameter = command.CreateParameter();
            sinceParameter.ParameterName = "@since";
            sinceParameter.Value = since;
            command.Parameters.Add(sinceParameter);
            if (parent is not null)
            {
                command.CommandText += parent.Level == RegionLevel.Kecamatan
                    ? " WHERE \"KecamatanCode\" = @parent"
                    : " WHERE \"KelurahanCode\" = @parent";
                var parentParameter = command.CreateParameter();
                parentParameter.ParameterName = "@parent";
                parentParameter.Value = parent.Digits;
                command.Parameters.Add(parentParameter);
            }

            var kelurahan = new Dictionary<string, (string Kelurahan, string Kecamatan)>(StringComparer.Ordinal);
            var facts = new List<ResidentFacts>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                // One string instance per kelurahan code rather than per resident.
                var code = reader.GetString(1);
                if (!kelurahan.TryGetValue(code, out var codes))
                {
                    codes = (code, code.Length >= 6 ? code[..6] : code);
                    kelurahan.Add(code, codes);
                }

                var status = reader.GetInt32(6);
                if (status < 0)
                {
                    throw new InvalidDataException($"Unknown status of resident {reader.GetString(0)}");
                }

                // Core's wajib-KTP rule asks only whether the resident was ever married.
                var marital = reader.GetInt32(5) == 0 ? MaritalStatus.BelumKawin : MaritalStatus.Kawin;
                facts.Add(new ResidentFacts(reader.GetString(0), codes.Kecamatan, codes.Kelurahan, reader.GetInt32(2),
                    reader.GetInt32(3), reader.GetFieldValue<DateOnly>(4), marital, (RecordStatus)status,
                    reader.GetInt32(7) == 1, Instant(reader, 8), Instant(reader, 9)));
            }

            return facts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The stored status code as the enum's number, from Core's codes: CASE "Status" WHEN 'UNREGISTERED' THEN 0 … END.
    private static readonly string StatusCase = "CASE \"Status\" "
        + string.Concat(Enum.GetValues<RecordStatus>().Select(s =>
            $"WHEN '{RecordLifecycle.Code(s)}' THEN {((int)s).ToString(CultureInfo.InvariantCulture)} "))
        + "ELSE -1 END";

    private static DateTime? Instant(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc);
}

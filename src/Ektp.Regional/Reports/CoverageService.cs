using System.Data.Common;
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
    // database answers whether an instant is before `since`; only later instants are read and parsed.
    private async Task<List<ResidentFacts>> ReadFactsAsync(Region? parent, DateTime since, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT "Nik", "KecamatanCode", "KelurahanCode", "Rw", "Rt", "BirthDate", "MaritalStatus", "Status",
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

            var statuses = new Dictionary<string, RecordStatus>(StringComparer.Ordinal);
            var maritals = new Dictionary<string, MaritalStatus>(StringComparer.Ordinal);
            var facts = new List<ResidentFacts>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var status = Cached(statuses, reader.GetString(7), ParseStatus);
                var marital = Cached(maritals, reader.GetString(6), Enum.Parse<MaritalStatus>);
                facts.Add(new ResidentFacts(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.GetInt32(3), reader.GetInt32(4), reader.GetFieldValue<DateOnly>(5), marital, status,
                    reader.GetInt32(8) == 1, Instant(reader, 9), Instant(reader, 10)));
            }

            return facts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DateTime? Instant(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc);

    private static T Cached<T>(Dictionary<string, T> cache, string text, Func<string, T> parse)
    {
        if (!cache.TryGetValue(text, out var value))
        {
            value = parse(text);
            cache.Add(text, value);
        }

        return value;
    }

    private static RecordStatus ParseStatus(string code) =>
        RecordLifecycle.TryParse(code, out var status) ? status : throw new InvalidDataException($"Unknown status {code}");
}

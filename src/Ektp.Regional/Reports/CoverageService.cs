using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
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
        var data = await LoadAsync(query.Parent, CoverageData.EndOf(query.AsOf), [query.AsOf], ct);
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
        var data = await LoadAsync(parent, TrendSince(asOf, weeks), WeekEnds(asOf, weeks), ct);
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

    /// <summary>The last days of the <paramref name="weeks"/> weeks ending on <paramref name="asOf"/>, the last one
    /// <paramref name="asOf"/> itself: the dates a trend (and the report of its last week) answers for.</summary>
    public static IReadOnlyList<DateOnly> WeekEnds(DateOnly asOf, int weeks) =>
        [.. Enumerable.Range(0, weeks).Select(i => asOf.AddDays(-7 * (weeks - 1 - i)))];

    /// <summary>
    /// The residents in <paramref name="parent"/> (all when null), and the status moves at or after
    /// <paramref name="since"/> of those whose status changed since: nothing older is needed to know any status
    /// from <paramref name="since"/> on. The facts answer for the report dates <paramref name="dates"/> only
    /// (the database counts residents by birth-date class for those dates).
    /// </summary>
    public async Task<CoverageData> LoadAsync(Region? parent, DateTime since, IReadOnlyCollection<DateOnly> dates,
        CancellationToken ct)
    {
        var classes = new BirthDateClasses(dates);
        var facts = await ReadFactsAsync(parent, since, classes, ct);
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
        return new CoverageData(facts, changes, since, dates.ToHashSet());
    }

    // The database counts the residents rather than sending each one: a report of a city reads 300,000 records, and
    // reading them one by one into .NET cost about a second of CPU (Microsoft.Data.Sqlite spends ~0.2 µs per column
    // read). Residents whose figures follow from their current record alone are counted per group: RT, birth-date
    // class (see BirthDateClasses), ever married, status, recorded before `since`, packed by the database into one
    // integer key (see GroupKey). Read one by one, with their NIK: whoever was recorded or changed status since
    // `since` (their history decides their status on each date), and whoever
    // the report might not place (RT or RW outside 1-999, or a kelurahan code that is not one of the kab/kota's
    // official ones), so that the report can name examples. The kecamatan is the kelurahan code's first six digits,
    // as Core's Resident defines it. Plain ADO.NET: the same SQL runs on SQLite and PostgreSQL.
    private async Task<List<ResidentFacts>> ReadFactsAsync(Region? parent, DateTime since, BirthDateClasses classes,
        CancellationToken ct)
    {
        var known = regions.Descendants(region.KabKota.Code, RegionLevel.KelurahanDesa)
            .Where(k => k.Digits.Length == 10 && k.Digits.All(char.IsAsciiDigit))
            .ToDictionary(k => int.Parse(k.Digits.AsSpan(4), CultureInfo.InvariantCulture), k => k.Digits);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var facts = new List<ResidentFacts>();
            if (known.Count > 0)
            {
                await ReadGroupsAsync(connection, parent, since, classes, known, facts, ct);
            }

            await ReadSingleAsync(connection, parent, since, known, facts, ct);
            return facts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ReadGroupsAsync(DbConnection connection, Region? parent, DateTime since,
        BirthDateClasses classes, Dictionary<int, string> known, List<ResidentFacts> facts, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var key = new GroupKey(classes.Boundaries.Count + 1);
        var boundaries = classes.Boundaries.Select((day, i) => Parameter(command, $"@b{i}", day)).ToList();
        var span = key.Span.ToString(CultureInfo.InvariantCulture);
        command.CommandText = $"""
            SELECT ((CAST("KelurahanCode" AS BIGINT) % 1000000) * 1000000 + "Rw" * 1000 + "Rt") * {span}
                   + ((({BirthClass(boundaries, 0, boundaries.Count)}) * 2
                   + CASE WHEN "MaritalStatus" = '{nameof(MaritalStatus.BelumKawin)}' THEN 0 ELSE 1 END) * 32
                   + {StatusCase(GroupKey.UnknownStatus)}) * 2
                   + CASE WHEN "RecordedAt" < @since THEN 1 ELSE 0 END
            FROM "residents"
            WHERE NOT ({Single(command, since, known)}){Scope(command, parent, "AND")}
            """;

        // Counted here rather than by GROUP BY: SQLite would sort the 300,000 keys, which costs more than reading them.
        var counts = new Dictionary<long, int>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, reader.GetInt64(0), out _)++;
            }
        }

        foreach (var (packed, count) in counts)
        {
            var (kelurahan, rw, rt, @class, married, status, recordedBefore) = key.Decode(packed);
            if (status == GroupKey.UnknownStatus)
            {
                throw new InvalidDataException($"Unknown status of a resident of kelurahan {known[kelurahan]}");
            }

            var code = known[kelurahan];
            facts.Add(new ResidentFacts(null, code[..6], code, rw, rt, classes.Representative(@class),
                married ? MaritalStatus.Kawin : MaritalStatus.BelumKawin, (RecordStatus)status, recordedBefore, null,
                null, count));
        }
    }

    // The birth-date class as a binary search over the boundaries (parameters, ascending), so that a resident meets
    // a handful of comparisons rather than one per boundary: CASE WHEN "BirthDate" <= @b24 THEN (…) ELSE (…) END.
    private static string BirthClass(List<string> boundaries, int from, int to)
    {
        // Classes from..to: class k holds the dates after boundary k-1 and on or before boundary k.
        if (from == to)
        {
            return from.ToString(CultureInfo.InvariantCulture);
        }

        var middle = from + ((to - from) / 2);
        return $"CASE WHEN \"BirthDate\" <= {boundaries[middle]} THEN {BirthClass(boundaries, from, middle)} "
               + $"ELSE {BirthClass(boundaries, middle + 1, to)} END";
    }

    private static async Task ReadSingleAsync(DbConnection connection, Region? parent, DateTime since,
        Dictionary<int, string> known, List<ResidentFacts> facts, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT "Nik", "KelurahanCode", "Rw", "Rt", "BirthDate",
                   CASE WHEN "MaritalStatus" = '{nameof(MaritalStatus.BelumKawin)}' THEN 0 ELSE 1 END,
                   {StatusCase(-1)},
                   CASE WHEN "RecordedAt" < @since THEN 1 ELSE 0 END,
                   CASE WHEN "RecordedAt" >= @since THEN "RecordedAt" END,
                   CASE WHEN "StatusSince" >= @since THEN "StatusSince" END
            FROM "residents"
            WHERE ({Single(command, since, known)}){Scope(command, parent, "AND")}
            """;
        var kelurahan = new Dictionary<string, (string Kelurahan, string Kecamatan)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
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
    }

    // Who is read one by one (see ReadFactsAsync); binds @since. Written so that it is never NULL (RecordedAt may
    // be), because the counted query takes NOT of it. A resident still UNREGISTERED is counted whenever their status
    // began: no move leads back to UNREGISTERED (RecordLifecycle), so they were unregistered on every date, and a
    // registry import a week ago does not make the residents it brought "changed since".
    private static string Single(DbCommand command, DateTime since, Dictionary<int, string> known)
    {
        if (!command.Parameters.Contains("@since"))
        {
            Parameter(command, "@since", since);
        }

        if (known.Count == 0)
        {
            return "1 = 1";
        }

        var codes = string.Join(", ", known.Values.Select((code, i) => Parameter(command, $"@k{i}", code)));
        return $"""
            "Rt" < 1 OR "Rt" > 999 OR "Rw" < 1 OR "Rw" > 999
            OR ("RecordedAt" IS NOT NULL AND "RecordedAt" >= @since)
            OR ("StatusSince" >= @since AND "Status" <> '{RecordLifecycle.Code(RecordStatus.Unregistered)}')
            OR "KelurahanCode" NOT IN ({codes})
            """;
    }

    private static string Scope(DbCommand command, Region? parent, string conjunction) => parent is null ? ""
        : parent.Level == RegionLevel.Kecamatan
            ? $" {conjunction} \"KecamatanCode\" = {Parameter(command, "@parent", parent.Digits)}"
            : $" {conjunction} \"KelurahanCode\" = {Parameter(command, "@parent", parent.Digits)}";

    private static string Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return name;
    }

    /// <summary>
    /// One integer per counted group: the place (the kelurahan code's last six digits, RW and RT, all of the
    /// kab/kota's own kelurahan and RT/RW within 1-999, so below 10^12) times <see cref="Span"/>, plus the class key
    /// ((birth-date class × 2 + ever married) × 32 + status) × 2 + recorded before. Below 2^63 for any trend length
    /// the API allows (4 boundaries a week, 104 weeks: a span of 53,376).
    /// </summary>
    private readonly record struct GroupKey(int Classes)
    {
        public const int UnknownStatus = 31;

        public long Span => (long)Classes * 128;

        public (int Kelurahan, int Rw, int Rt, int Class, bool Married, int Status, bool RecordedBefore) Decode(long key)
        {
            var place = key / Span;
            var rest = (int)(key % Span);
            return ((int)(place / 1_000_000), (int)(place / 1000 % 1000), (int)(place % 1000), rest >> 7,
                ((rest >> 6) & 1) == 1, (rest >> 1) & 31, (rest & 1) == 1);
        }
    }

    // The stored status code as the enum's number, from Core's codes: CASE "Status" WHEN 'DELIVERED' THEN 10 … END,
    // the two statuses most residents have first (the database tries the WHENs in order for every resident).
    private static string StatusCase(int unknown) => "CASE \"Status\" "
        + string.Concat(Enum.GetValues<RecordStatus>()
            .OrderBy(s => s switch { RecordStatus.Delivered => 0, RecordStatus.Unregistered => 1, _ => 2 })
            .Select(s =>
            $"WHEN '{RecordLifecycle.Code(s)}' THEN {((int)s).ToString(CultureInfo.InvariantCulture)} "))
        + $"ELSE {unknown.ToString(CultureInfo.InvariantCulture)} END";

    private static DateTime? Instant(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc);
}

using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Ektp.Central.Data;
using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Reports;

/// <summary>
/// What the centre can honestly say about coverage per province and kab/kota as of a date, from the packets it
/// received and the decisions it made: it never sees the registry, so it does not know who is wajib KTP. It counts
/// recordings received, persons singled with a print permit, duplicates, failures and packets still waiting, and puts
/// them next to the official population (Ditjen Dukcapil, December 2024) for scale, not as coverage.
/// </summary>
internal static class CentralCoverage
{
    public const string PopulationSource = "Ditjen Dukcapil, semester II December 2024 (region catalog)";

    public static IServiceCollection AddCentralCoverage(this IServiceCollection services) =>
        services.AddScoped<Web.CoverageText>();

    public static IEndpointRouteBuilder MapCentralCoverage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/coverage", GetReport).RequireAuthorization(EktpPolicies.CentralReports).WithTags("Reports").WithName("CentralCoverage")
            .WithSummary("Recordings received, persons with a print permit, duplicates per province or kab/kota as of a date");
        endpoints.MapGet("/api/reports/coverage.csv", GetCsv).RequireAuthorization(EktpPolicies.CentralReports).WithTags("Reports").WithName("CentralCoverageCsv")
            .WithSummary("The centre's coverage report as CSV");
        return endpoints;
    }

    internal static async Task<Results<Ok<CentralCoverageReport>, ProblemHttpResult>> GetReport(string? level,
        string? asOf, string? parent, CentralDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!TryRead(level, asOf, parent, clock, out var query, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok(await ComputeAsync(db, query, clock.GetUtcNow().UtcDateTime, ct));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCsv(string? level, string? asOf,
        string? parent, CentralDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!TryRead(level, asOf, parent, clock, out var query, out var problem))
        {
            return problem;
        }

        var report = await ComputeAsync(db, query, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(Csv(report)), "text/csv; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture,
                $"cakupan-pusat-{report.Parent?.Code ?? "nasional"}-{report.Level}-{report.AsOf:yyyy-MM-dd}.csv"));
    }

    /// <summary>
    /// Checks <c>level</c> (provinsi | kabkota, default provinsi), <c>asOf</c> (YYYY-MM-DD, default today, not in the
    /// future) and <c>parent</c> (a province, only with level=kabkota).
    /// </summary>
    public static bool TryRead(string? level, string? asOf, string? parent, TimeProvider clock,
        out CentralCoverageQuery query, out ProblemHttpResult problem)
    {
        query = null!;
        problem = null!;
        var byKabKota = false;
        if (!string.IsNullOrWhiteSpace(level))
        {
            var text = level.Trim().ToLowerInvariant();
            if (text is not ("provinsi" or "kabkota"))
            {
                problem = Problems.BadRequest("coverage-level-unknown", "The level is not one of the centre's levels.",
                    $"'{level}': the centre reports level=provinsi or level=kabkota (kecamatan and below are in each "
                    + "regional server's report).");
                return false;
            }

            byKabKota = text == "kabkota";
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var date = today;
        if (!string.IsNullOrWhiteSpace(asOf) && !DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problem = Problems.BadRequest("coverage-date-malformed", "The date is malformed.",
                $"'{asOf}': give asOf as YYYY-MM-DD, e.g. 2013-12-19.");
            return false;
        }

        if (date > today)
        {
            problem = Problems.BadRequest("coverage-date-future", "The date is in the future.",
                string.Create(CultureInfo.InvariantCulture, $"asOf {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})."));
            return false;
        }

        Region? province = null;
        if (!string.IsNullOrWhiteSpace(parent))
        {
            province = RegionCatalog.Official.Find(parent);
            if (province is not { Level: RegionLevel.Provinsi } || !byKabKota)
            {
                problem = Problems.BadRequest("coverage-parent-invalid", "The parent is not a province.",
                    $"'{parent}': parent takes the 2-digit code of a province, with level=kabkota.");
                return false;
            }
        }

        query = new CentralCoverageQuery(byKabKota, date, province);
        return true;
    }

    public static async Task<CentralCoverageReport> ComputeAsync(CentralDbContext db, CentralCoverageQuery query,
        DateTime generatedAt, CancellationToken ct)
    {
        var cut = query.AsOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
        var prefix = query.Province?.Digits;

        // Enrollment packets only: a change packet is stored without a pipeline job and records nobody.
        var packets = db.Packets.AsNoTracking()
            .Where(p => p.ReceivedAt < cut && db.PipelineJobs.Any(j => j.PacketId == p.PacketId));
        if (prefix is not null)
        {
            packets = packets.Where(p => p.RegionCode.StartsWith(prefix));
        }

        var received = await packets.Select(p => new { p.PacketId, p.RegionCode, p.Nik }).ToListAsync(ct);
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.DecidedAt < cut && d.Kind != RecordLifecycle.NoticeKind
                        && (prefix == null || d.RegionCode.StartsWith(prefix)))
            .Select(d => new { d.PacketId, d.Sequence, d.Kind })
            .ToListAsync(ct);
        var latest = decisions.GroupBy(d => d.PacketId)
            .ToDictionary(g => g.Key, g => g.MaxBy(d => d.Sequence)!.Kind);

        var catalog = RegionCatalog.Official;
        var units = new Dictionary<string, CentralCoverageRow>(StringComparer.Ordinal);
        IEnumerable<Region> listed = query.ByKabKota
            ? query.Province is { } p ? catalog.Children(p.Code) : []
            : catalog.All.Where(r => r.Level == RegionLevel.Provinsi);
        foreach (var region in listed)
        {
            units[region.Digits] = Row(region.Digits, region.Name, catalog);
        }

        var persons = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var total = Row(query.Province?.Digits ?? "00", query.Province?.Name ?? "Indonesia", catalog);
        var totalPersons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var packet in received)
        {
            var code = query.ByKabKota ? packet.RegionCode : packet.RegionCode[..2];
            if (!units.TryGetValue(code, out var row))
            {
                row = Row(code, catalog.Find(code)?.Name ?? code, catalog);
                units.Add(code, row);
            }

            var kind = latest.GetValueOrDefault(packet.PacketId);
            Count(row, kind);
            Count(total, kind);
            if (kind == RecordLifecycle.Code(RecordStatus.PrintReadyRecord))
            {
                if (!persons.TryGetValue(code, out var set))
                {
                    persons[code] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(packet.Nik);
                totalPersons.Add(packet.Nik);
            }
        }

        foreach (var (code, row) in units)
        {
            row.UniquePersons = persons.GetValueOrDefault(code)?.Count ?? 0;
        }

        total.UniquePersons = totalPersons.Count;
        return new CentralCoverageReport(query.ByKabKota ? "kabkota" : "provinsi", query.AsOf,
            query.Province is { } province ? new CentralArea(province.Digits, province.Name) : null,
            [.. units.Values.OrderBy(u => u.Code, StringComparer.Ordinal)], total, PopulationSource, Caveats,
            generatedAt);
    }

    public static IReadOnlyList<string> Caveats { get; } =
    [
        "The centre does not hold the registry, so it does not know who is wajib KTP: recorded / wajib KTP per "
        + "kecamatan, kelurahan and RT is in each regional server's report (GET /api/reports/coverage there).",
        "percentOfPopulation is persons with a print permit per 100 residents of the official population (December "
        + "2024, children included): a scale, not coverage, and it mixes a 2024 figure with any as-of date.",
        "A person recorded twice under two NIKs counts in duplicates once the centre matched the fingers; a person "
        + "recorded again under the same NIK counts once in uniquePersons.",
    ];

    public static string Csv(CentralCoverageReport report)
    {
        var csv = new StringBuilder(
            "row,code,name,population,received,uniquePersons,printPermits,duplicates,failures,pending,percentOfPopulation\n");
        foreach (var (kind, row) in report.Units.Select(u => ("unit", u)).Append(("total", report.Total)))
        {
            var name = row.Name.Contains(',', StringComparison.Ordinal) ? $"\"{row.Name}\"" : row.Name;
            csv.Append(CultureInfo.InvariantCulture,
                $"{kind},{row.Code},{name},{row.Population},{row.Received},{row.UniquePersons},{row.PrintPermits},")
                .Append(CultureInfo.InvariantCulture,
                    $"{row.Duplicates},{row.Failures},{row.Pending},{row.PercentOfPopulation:0.00}\n");
        }

        return csv.ToString();
    }

    // "00" is the whole country: the sum of the provinces.
    private static CentralCoverageRow Row(string code, string name, RegionCatalog catalog) => new()
    {
        Code = code,
        Name = name,
        Population = code == "00"
            ? catalog.All.Where(r => r.Level == RegionLevel.Provinsi).Sum(r => catalog.Population(r.Code) ?? 0)
            : catalog.Population(code),
    };

    private static void Count(CentralCoverageRow row, string? kind)
    {
        row.Received++;
        switch (kind)
        {
            case null:
                row.Pending++;
                break;
            case var k when k == RecordLifecycle.Code(RecordStatus.PrintReadyRecord):
                row.PrintPermits++;
                break;
            case var k when k == RecordLifecycle.Code(RecordStatus.DuplicateRecord)
                            || k == RecordLifecycle.Code(RecordStatus.AdjudicateRecord):
                row.Duplicates++;
                break;
            case var k when k == RecordLifecycle.Code(RecordStatus.EnrollFailureAtCentral):
                row.Failures++;
                break;
        }
    }
}

internal sealed record CentralCoverageQuery(bool ByKabKota, DateOnly AsOf, Region? Province);

internal sealed record CentralArea(string Code, string Name);

/// <summary>One province or kab/kota (or the total) of the centre's coverage report.</summary>
internal sealed class CentralCoverageRow
{
    public required string Code { get; init; }
    public required string Name { get; init; }

    /// <summary>The official population (December 2024) when the catalog has it.</summary>
    public long? Population { get; init; }

    /// <summary>Enrollment packets received by the date.</summary>
    public int Received { get; set; }

    /// <summary>Distinct NIKs whose latest packet decision by the date is a print permit.</summary>
    public int UniquePersons { get; set; }

    /// <summary>Packets whose latest decision by the date is PRINT_READY_RECORD.</summary>
    public int PrintPermits { get; set; }

    /// <summary>Packets whose latest decision is DUPLICATE_RECORD or ADJUDICATE_RECORD (a case, open or ruled).</summary>
    public int Duplicates { get; set; }

    /// <summary>Packets whose latest decision is ENROLL_FAILURE_AT_CENTRAL.</summary>
    public int Failures { get; set; }

    /// <summary>Packets received and not decided yet on the date.</summary>
    public int Pending { get; set; }

    /// <summary>Unique persons per 100 of the official population, two decimals: a scale, not coverage.</summary>
    [JsonPropertyOrder(10)]
    public decimal? PercentOfPopulation => Population is > 0
        ? Math.Min(100m, Math.Round(100m * UniquePersons / Population.Value, 2, MidpointRounding.AwayFromZero))
        : null;
}

internal sealed record CentralCoverageReport(string Level, DateOnly AsOf, CentralArea? Parent,
    IReadOnlyList<CentralCoverageRow> Units, CentralCoverageRow Total, string PopulationSource,
    IReadOnlyList<string> Caveats, DateTime GeneratedAt);

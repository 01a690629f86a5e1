using System.Globalization;
using System.Text;
using Ektp.Core.Regions;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Reports;

/// <summary>
/// `GET /api/reports/coverage` and its CSV, PDF and weekly-trend forms: recorded / wajib KTP per kecamatan, kelurahan
/// or RT as of a date, counted from the records each time.
/// </summary>
internal static class CoverageApi
{
    public static IServiceCollection AddCoverageReports(this IServiceCollection services)
    {
        services.AddScoped<CoverageService>();
        services.AddScoped<CoverageParameters>();
        services.AddScoped<Web.CoverageText>();
        return services;
    }

    public static IEndpointRouteBuilder MapCoverageReports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/reports/coverage").WithTags("Reports")
            .RequireAuthorization(EktpPolicies.Reports);
        group.MapGet("", GetReport).WithName("CoverageReport")
            .WithSummary("Coverage (recorded / wajib KTP) per unit of a level as of a date, with total and unplaced records");
        // The CSV and PDF forms are siblings of the report's path, not below it.
        endpoints.MapGet("/api/reports/coverage.csv", GetCsv).RequireAuthorization(EktpPolicies.Reports).WithTags("Reports").WithName("CoverageReportCsv").WithSummary("The coverage report as CSV");
        endpoints.MapGet("/api/reports/coverage.pdf", GetPdf).RequireAuthorization(EktpPolicies.Reports).WithTags("Reports").WithName("CoverageReportPdf")
            .WithSummary("The printable coverage report for the Wali Kota / Bupati (PDF, Bahasa Indonesia)");
        group.MapGet("/trend", GetTrend).WithName("CoverageTrend")
            .WithSummary("Weekly recordings, coverage and print backlog for the weeks ending on a date");
        group.MapGet("/trend.csv", GetTrendCsv).WithName("CoverageTrendCsv").WithSummary("The weekly trend as CSV");
        return endpoints;
    }

    internal static async Task<Results<Ok<CoverageReport>, ProblemHttpResult>> GetReport(string? level, string? asOf,
        string? parent, CoverageService coverage, CoverageParameters parameters, CancellationToken ct)
    {
        if (!parameters.TryRead(level, asOf, parent, out var query, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok(await coverage.ReportAsync(query, ct));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetCsv(string? level, string? asOf,
        string? parent, CoverageService coverage, CoverageParameters parameters, CancellationToken ct)
    {
        if (!parameters.TryRead(level, asOf, parent, out var query, out var problem))
        {
            return problem;
        }

        var report = await coverage.ReportAsync(query, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(CoverageCsv.Report(report)), "text/csv; charset=utf-8",
            CoverageCsv.FileName(report, "csv"));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdf(string? level, string? asOf,
        string? parent, int? weeks, CoverageService coverage, CoverageParameters parameters, RegionalInfo region,
        CancellationToken ct)
    {
        if (!parameters.TryRead(level ?? CoverageParameters.LevelBelow(parent), asOf, parent, out var query,
                out var problem)
            || !CoverageParameters.TryWeeks(weeks, out var weekCount, out problem))
        {
            return problem;
        }

        var data = await coverage.LoadAsync(query.Parent, CoverageService.TrendSince(query.AsOf, weekCount),
            CoverageService.WeekEnds(query.AsOf, weekCount), ct);
        var report = await coverage.ReportAsync(query, data, ct);
        var trend = coverage.Trend(query.AsOf, query.Parent, weekCount, data);
        using var pdf = new MemoryStream();
        CoveragePdf.Write(pdf, region, report, trend);
        return TypedResults.File(pdf.ToArray(), "application/pdf", CoverageCsv.FileName(report, "pdf"));
    }

    internal static async Task<Results<Ok<CoverageTrend>, ProblemHttpResult>> GetTrend(string? asOf, string? parent,
        int? weeks, CoverageService coverage, CoverageParameters parameters, CancellationToken ct)
    {
        if (!parameters.TryRead(CoverageParameters.LevelBelow(parent), asOf, parent, out var query, out var problem)
            || !CoverageParameters.TryWeeks(weeks, out var weekCount, out problem))
        {
            return problem;
        }

        return TypedResults.Ok(await coverage.TrendAsync(query.AsOf, query.Parent, weekCount, ct));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTrendCsv(string? asOf,
        string? parent, int? weeks, CoverageService coverage, CoverageParameters parameters, CancellationToken ct)
    {
        if (!parameters.TryRead(CoverageParameters.LevelBelow(parent), asOf, parent, out var query, out var problem)
            || !CoverageParameters.TryWeeks(weeks, out var weekCount, out problem))
        {
            return problem;
        }

        var trend = await coverage.TrendAsync(query.AsOf, query.Parent, weekCount, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(CoverageCsv.Trend(trend)), "text/csv; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture,
                $"cakupan-tren-{query.Parent?.Digits ?? trend.Region.Code}-{query.AsOf:yyyy-MM-dd}.csv"));
    }
}

/// <summary>
/// Checks the report's query parameters (shared by the API and the dashboard): <c>level</c> (default kecamatan),
/// <c>asOf</c> (YYYY-MM-DD, default today, not in the future) and <c>parent</c> (a kecamatan or kelurahan/desa of this
/// kab/kota, above the level).
/// </summary>
internal sealed class CoverageParameters(RegionCatalog regions, RegionalInfo region, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The level one step below a parent: kecamatan for the whole kab/kota, kelurahan, then RT.</summary>
    public static string LevelBelow(string? parent) =>
        RegionCodes.TryNormalize(parent, out var digits) && digits.Length == 10 ? "rt"
        : !string.IsNullOrWhiteSpace(parent) ? "kelurahan"
        : "kecamatan";

    public bool TryRead(string? level, string? asOf, string? parent, out CoverageQuery query,
        out ProblemHttpResult problem)
    {
        query = null!;
        problem = null!;
        var coverageLevel = CoverageLevel.Kecamatan;
        if (!string.IsNullOrWhiteSpace(level) && !CoverageLevels.TryParse(level, out coverageLevel))
        {
            problem = Problems.BadRequest("coverage-level-unknown", "The level is not one of the report's levels.",
                $"'{level}': give level=kabkota, kecamatan, kelurahan or rt.");
            return false;
        }

        var date = Today;
        if (!string.IsNullOrWhiteSpace(asOf) && !DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problem = Problems.BadRequest("coverage-date-malformed", "The date is malformed.",
                $"'{asOf}': give asOf as YYYY-MM-DD, e.g. 2013-12-19.");
            return false;
        }

        if (date > Today)
        {
            problem = Problems.BadRequest("coverage-date-future", "The date is in the future.",
                string.Create(CultureInfo.InvariantCulture,
                    $"asOf {date:yyyy-MM-dd} is after today ({Today:yyyy-MM-dd}): nobody can have recorded yet."));
            return false;
        }

        Region? scope = null;
        if (!string.IsNullOrWhiteSpace(parent))
        {
            scope = RegionCodes.TryNormalize(parent, out var digits) ? regions.Find(digits) : null;
            if (scope is not { Level: RegionLevel.Kecamatan or RegionLevel.KelurahanDesa }
                || !region.Contains(scope.Digits))
            {
                problem = Problems.BadRequest("coverage-parent-invalid", "The parent is not a part of this kab/kota.",
                    $"'{parent}': give the 6-digit code of a kecamatan or the 10-digit code of a kelurahan/desa of "
                    + $"{region.Name} (for example {Example()}).");
                return false;
            }

            var fits = coverageLevel switch
            {
                CoverageLevel.Kelurahan => scope.Level == RegionLevel.Kecamatan,
                CoverageLevel.Rt => true,
                _ => false,
            };
            if (!fits)
            {
                problem = Problems.BadRequest("coverage-parent-invalid", "The parent does not contain units of that level.",
                    $"A {CoverageCalculator.Area(scope).Level} ({scope.Digits}) cannot be broken down by "
                    + $"{CoverageLevels.Code(coverageLevel)}: level=kelurahan takes a kecamatan parent, level=rt a "
                    + "kecamatan or kelurahan/desa parent, and kabkota or kecamatan take none.");
                return false;
            }
        }

        query = new CoverageQuery(coverageLevel, date, scope);
        return true;
    }

    private string? Example() => regions.Children(region.KabKota.Code) is [var first, ..] ? first.Digits : null;

    public static bool TryWeeks(int? weeks, out int count, out ProblemHttpResult problem)
    {
        count = weeks ?? CoverageService.DefaultWeeks;
        problem = null!;
        if (count is >= 1 and <= CoverageService.MaxWeeks)
        {
            return true;
        }

        problem = Problems.BadRequest("coverage-weeks-invalid", "The number of weeks is out of range.",
            string.Create(CultureInfo.InvariantCulture, $"weeks={weeks}: give 1 to {CoverageService.MaxWeeks}."));
        return false;
    }
}

using System.Globalization;
using Ektp.Core.Regions;
using Ektp.Hosting.Security;
using Ektp.Regional.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages;

/// <summary>
/// The coverage dashboard: the kab/kota's kecamatan with a bar each, drilling down to kelurahan and then RT, as of a
/// chosen date, with the weekly trend charts and links to the CSV tables and the PDF report.
/// </summary>
[Authorize(Policy = EktpPolicies.Reports)]
internal sealed class CakupanModel(CoverageService coverage, CoverageParameters parameters, RegionCatalog regions)
    : PageModel
{
    public const int Weeks = CoverageService.DefaultWeeks;

    [BindProperty(Name = "asOf", SupportsGet = true)]
    public string? AsOfText { get; set; }

    [BindProperty(Name = "parent", SupportsGet = true)]
    public string? Parent { get; set; }

    public CoverageReport? Report { get; private set; }

    public CoverageTrend? Trend { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The regions from the kab/kota down to the parent, for the breadcrumb.</summary>
    public IReadOnlyList<Region> Path { get; private set; } = [];

    public string AsOfValue => Report?.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? AsOfText ?? parameters.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!parameters.TryRead(CoverageParameters.LevelBelow(Parent), AsOfText, Parent, out var query,
                out var problem))
        {
            Problem = problem.ProblemDetails.Detail;
            return;
        }

        var data = await coverage.LoadAsync(query.Parent, CoverageService.TrendSince(query.AsOf, Weeks),
            CoverageService.WeekEnds(query.AsOf, Weeks), ct);
        Report = await coverage.ReportAsync(query, data, ct);
        Trend = coverage.Trend(query.AsOf, query.Parent, Weeks, data);
        Path = query.Parent is { } parent
            ? [.. regions.Ancestors(parent.Code).Where(r => r.Level >= RegionLevel.KabupatenKota), parent]
            : [];
    }

    /// <summary>The link that drills into a unit, or null for an RT (the lowest level).</summary>
    public string? DrillLink(CoverageRow unit) => Report?.Level is "kecamatan" or "kelurahan"
        ? Link("/cakupan", unit.Code)
        : null;

    public string Link(string path, string? parent, string? level = null)
    {
        var query = new List<string> { "asOf=" + AsOfValue };
        if (parent is not null)
        {
            query.Add("parent=" + Uri.EscapeDataString(parent));
        }

        if (level is not null)
        {
            query.Insert(0, "level=" + level);
        }

        return path + "?" + string.Join('&', query);
    }

    public string UpLink() => Path.Count switch
    {
        0 or 1 => "/cakupan?asOf=" + AsOfValue,
        _ => Link("/cakupan", Path[^2].Level == RegionLevel.KabupatenKota ? null : Path[^2].Digits),
    };

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Width(decimal percent) => Math.Clamp(percent, 0m, 100m).ToString("0.##", CultureInfo.InvariantCulture);
}

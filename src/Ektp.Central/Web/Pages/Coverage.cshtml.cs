using System.Globalization;
using Ektp.Central.Data;
using Ektp.Central.Reports;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Central.Web.Pages;

/// <summary>The centre's coverage per province, drilling down to the kab/kota of one province, as of a date.</summary>
[Authorize(Policy = EktpPolicies.CentralReports)]
internal sealed class CoverageModel(CentralDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(Name = "asOf", SupportsGet = true)]
    public string? AsOfText { get; set; }

    [BindProperty(Name = "parent", SupportsGet = true)]
    public string? Parent { get; set; }

    public CentralCoverageReport? Report { get; private set; }

    public string? Problem { get; private set; }

    public string AsOfValue => Report?.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? AsOfText ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var level = string.IsNullOrWhiteSpace(Parent) ? "provinsi" : "kabkota";
        if (!CentralCoverage.TryRead(level, AsOfText, Parent, clock, out var query, out var problem))
        {
            Problem = problem.ProblemDetails.Detail;
            return;
        }

        Report = await CentralCoverage.ComputeAsync(db, query, clock.GetUtcNow().UtcDateTime, ct);
    }

    public string Link(string path, string? parent, string? level = null) =>
        path + "?" + (level is null ? "" : "level=" + level + "&") + "asOf=" + AsOfValue
        + (parent is null ? "" : "&parent=" + parent);

    public static string N(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}

using Ektp.Core.Regions;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages;

[Authorize(Policy = EktpPolicies.ResidentRead)]
internal sealed class IndexModel(RegionalDbContext db, RegionCatalog regions, RegionalInfo region, AuditTrail audit)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(Name = "kelurahan", SupportsGet = true)]
    public string? KelurahanCode { get; set; }

    public ResidentPage? Results { get; private set; }

    public IReadOnlyList<Region> Kelurahan { get; private set; } = [];

    public string KelurahanName(string code) => regions.Find(code)?.Name ?? code;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Kelurahan = [.. regions.Descendants(region.Digits, RegionLevel.KelurahanDesa).OrderBy(r => r.Name, StringComparer.Ordinal)];
        if (string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(KelurahanCode))
        {
            return;
        }

        var result = await ResidentsApi.Search(db, regions, audit, Q, KelurahanCode, 1, 50, ct);
        Results = result.Result is Ok<ResidentPage> ok ? ok.Value : new ResidentPage([], 1, 50, 0);
    }
}

using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

[Authorize(Policy = EktpPolicies.ResidentRead)]
internal sealed class ResidentModel(RegionalDbContext db, RegionCatalog regions, TimeProvider clock, AuditTrail audit)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Nik { get; set; } = "";

    [TempData]
    public string? Message { get; set; }

    public ResidentResponse? Resident { get; private set; }

    public IReadOnlyList<StatusEvent> History { get; private set; } = [];

    public bool CanEnroll => Resident is not null && RecordLifecycle.TryParse(Resident.Status, out var s) &&
        s is RecordStatus.Unregistered or RecordStatus.EnrollFailureAtCentral;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await ResidentsApi.GetResident(Nik, db, regions, clock, audit, ct);
        if (result.Result is not Ok<ResidentResponse> ok)
        {
            Response.StatusCode = 404;
            return Page();
        }

        Resident = ok.Value;
        History = await db.StatusEvents.AsNoTracking().Where(e => e.Nik == Nik).OrderBy(e => e.At).ToListAsync(ct);
        return Page();
    }
}

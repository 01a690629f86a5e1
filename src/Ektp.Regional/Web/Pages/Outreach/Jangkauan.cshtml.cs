using Ektp.Core.Regions;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Outreach;
using Ektp.Regional.Planning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Outreach;

/// <summary>`/jangkauan`: kelurahan ranked by unrecorded wajib KTP, the way into each one's list, and the office
/// details the letters print.</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class JangkauanModel(RegionalDbContext db, OutreachService outreach, SessionService sessions,
    RegionCatalog regions, RegionalInfo region) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public string? Problem { get; private set; }
    public IReadOnlyList<Suggestion> Kelurahan { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name, string Kecamatan)> All { get; private set; } = [];
    public OfficeDetails Office { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? kel, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(kel))
        {
            return outreach.Kelurahan(kel.Trim()) is { } place ? Redirect($"/jangkauan/{place.KelurahanCode}") : NotFound();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostOfficeAsync(string? name, string? address, string? hours, string? phone,
        string? head, string? timeZone, CancellationToken ct)
    {
        if (!await HttpContext.AllowsAsync(EktpPolicies.RegionalAdmin))
        {
            return Forbid();
        }

        Problem = await OfficeDetails.SaveAsync(db, new OfficeDetailsBody(name, address, hours, phone ?? "", head,
            timeZone), ct);
        if (Problem is null)
        {
            Message = "office";
            return Redirect("/jangkauan");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Kelurahan = [.. (await sessions.SuggestAsync(ct)).Where(s => s.Kind == "kelurahan")];
        Office = await outreach.OfficeAsync(ct);
        All = [.. regions.Children(region.KabKota.Code)
            .SelectMany(kec => regions.Children(kec.Code).Select(k => (k.Digits, k.Name, kec.Name)))];
    }
}

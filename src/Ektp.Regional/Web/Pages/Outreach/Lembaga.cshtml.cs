using Ektp.Core.Regions;
using Ektp.Hosting.Security;
using Ektp.Regional.Outreach;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Outreach;

/// <summary>`/lembaga`: schools, prisons and companies, registering one, and the students of 15–16 who turn 17 in
/// the coming months, per school.</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class LembagaModel(InstitutionService institutions, RegionCatalog regions, RegionalInfo region)
    : PageModel
{
    public IReadOnlyList<InstitutionView> Institutions { get; private set; } = [];
    public IReadOnlyList<SchoolTurning17> Turning17 { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name, string Kecamatan)> All { get; private set; } = [];
    public Refusal? Problem { get; private set; }
    public int Months { get; private set; } = 6;

    public async Task OnGetAsync(int? months, CancellationToken ct)
    {
        Months = Math.Clamp(months ?? 6, 1, 24);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? kind, string? name, string? kelurahan, string? address,
        string? contact, string? createdBy, CancellationToken ct)
    {
        var outcome = await institutions.CreateAsync(
            new InstitutionBody(kind, name, kelurahan, address, contact, createdBy), ct);
        if (outcome.Value is { } created)
        {
            return Redirect($"/lembaga/{created.Id}");
        }

        Problem = outcome.Refusal;
        Response.StatusCode = Problem!.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Institutions = await institutions.ListAsync(null, ct);
        Turning17 = await institutions.Turning17Async(Months, ct);
        All = [.. regions.Children(region.KabKota.Code)
            .SelectMany(kec => regions.Children(kec.Code).Select(k => (k.Digits, k.Name, kec.Name)))];
    }
}

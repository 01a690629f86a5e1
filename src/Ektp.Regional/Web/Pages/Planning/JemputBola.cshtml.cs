using Ektp.Core.Regions;
using Ektp.Hosting.Security;
using Ektp.Regional.Outreach;
using Ektp.Regional.Planning;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Planning;

/// <summary>`/jemput-bola`: where to go next, scheduling a session, the sessions, home-visit rounds and the
/// projection to 100 % per kecamatan.</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class JemputBolaModel(SessionService sessions, InstitutionService institutions,
    OutreachService outreach, RegionCatalog regions, RegionalInfo region) : PageModel
{
    public IReadOnlyList<Suggestion> Suggestions { get; private set; } = [];
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];
    public IReadOnlyList<InstitutionView> Institutions { get; private set; } = [];
    public HomeVisitRounds Visits { get; private set; } = null!;
    public ProjectionReport Projection { get; private set; } = null!;
    public IReadOnlyList<(string Code, string Name, string Kecamatan)> All { get; private set; } = [];
    public Refusal? Problem { get; private set; }
    public string? Target { get; private set; }
    public Guid? Institution { get; private set; }
    public string Today { get; private set; } = "";

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(string? target, Guid? institution, CancellationToken ct)
    {
        Target = target;
        Institution = institution;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostSessionAsync(string? kind, string? kelurahan, Guid? institutionId,
        string? place, string? startDate, string? endDate, string? team, int? expected, string? fieldKit,
        string? note, string? createdBy, CancellationToken ct)
    {
        var isInstitution = kind is "school" or "prison" or "company";
        var outcome = await sessions.CreateAsync(new SessionBody(kind, isInstitution ? null : kelurahan,
            isInstitution ? institutionId : null, place, startDate, endDate, team, expected, fieldKit, note,
            createdBy), ct);
        if (outcome.Value is { } created)
        {
            return Redirect($"/jemput-bola/{created.Id}");
        }

        return await FailAsync(outcome.Refusal!, ct);
    }

    public async Task<IActionResult> OnPostVisitAsync(string? nik, string? reason, string? requestedBy, string? note,
        CancellationToken ct)
    {
        var outcome = await sessions.RequestHomeVisitAsync(new HomeVisitBody(nik, reason, requestedBy, note), ct);
        if (outcome.Refusal is { } refusal)
        {
            return await FailAsync(refusal, ct);
        }

        Message = "visit";
        return Redirect("/jemput-bola#home-visits");
    }

    private async Task<IActionResult> FailAsync(Refusal refusal, CancellationToken ct)
    {
        Problem = refusal;
        Response.StatusCode = refusal.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Suggestions = [.. (await sessions.SuggestAsync(ct)).Take(30)];
        Sessions = await sessions.ListAsync(ct);
        Institutions = await institutions.ListAsync(null, ct);
        Visits = await sessions.RoundsAsync(ct);
        var today = await outreach.TodayAsync(ct);
        Today = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        DateOnly? target = Dates.TryParse(Target, out var t) && t > today ? t : null;
        Projection = await sessions.ProjectAsync(4, target, ct);
        All = [.. regions.Children(region.KabKota.Code)
            .SelectMany(kec => regions.Children(kec.Code).Select(k => (k.Digits, k.Name, kec.Name)))];
    }
}

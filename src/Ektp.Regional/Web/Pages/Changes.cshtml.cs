using Ektp.Core.Identity;
using Ektp.Hosting.Security;
using Ektp.Regional.Changes;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

/// <summary>The supervisor's list: change and reprint requests waiting for approval, oldest first.</summary>
[Authorize(Policy = EktpPolicies.ChangeApproval)]
internal sealed class ChangesModel(RegionalDbContext db, ChangeService changes, RegionalSettings settings,
    UiText text) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<ChangeView> Pending { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public ChangeResult.Refused? Problem { get; private set; }
    public bool AtFieldKit => settings.IsFieldKit;

    /// <summary>What the supervisor typed last, kept when the decision is refused.</summary>
    public string? By { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? nik, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(nik))
        {
            var digits = nik.Trim();
            return Nik.TryCreate(digits, out _) ? Redirect($"/perubahan/{digits}") : NotFound();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, string? by, string? note,
        CancellationToken ct)
    {
        if (AtFieldKit)
        {
            return NotFound();
        }

        var outcome = await changes.DecideAsync(id, new ChangeDecisionBody(decision, by, note), ct);
        if (outcome is ChangeResult.Done done)
        {
            Message = text[done.Change.State == "approved" ? "changes.approved" : "changes.rejected"];
            return Redirect("/perubahan");
        }

        Problem = (ChangeResult.Refused)outcome;
        By = by;
        Response.StatusCode = Problem.Status;
        await LoadAsync(ct);
        return Page();
    }

    public string FieldName(string? code) => code is null ? "" : text["changes.field." + code];

    private async Task LoadAsync(CancellationToken ct)
    {
        Pending = await changes.PendingAsync(ct);
        var niks = Pending.Select(p => p.Nik).Distinct().ToList();
        Names = await db.Residents.AsNoTracking().Where(r => niks.Contains(r.Nik))
            .ToDictionaryAsync(r => r.Nik, r => r.Name, ct);
    }
}

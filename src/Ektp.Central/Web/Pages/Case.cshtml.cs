using Ektp.Central.Adjudication;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Central.Web.Pages;

/// <summary>
/// One case side by side, and the ruling form. Posting goes through <see cref="CaseRulings"/>, the same logic as
/// `POST /api/cases/{id}/ruling`; a refused form comes back with every problem in the page's language and nothing
/// stored.
/// </summary>
[Authorize(Policy = EktpPolicies.Adjudication)]
internal sealed class CaseModel(CaseDossiers dossiers, CaseRulings rulings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Ruling { get; set; }

    [BindProperty]
    public string? By { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? Message { get; set; }

    public CaseDossier? Dossier { get; private set; }

    public IReadOnlyList<RulingError> Errors { get; private set; } = [];

    /// <summary>Why the ruling was refused as a whole (a code: case-unknown, case-already-ruled).</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Dossier = await dossiers.LoadAsync(Id, ct);
        if (Dossier is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await rulings.RuleAsync(Id, new RulingRequest(Ruling, By, Reason), ct);
        switch (outcome)
        {
            case RulingOutcome.Ruled:
                Message = "case.rule.done";
                return Redirect($"/kasus/{Id}");
            case RulingOutcome.Invalid invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case RulingOutcome.Refused refused:
                Refusal = refused.Code;
                Response.StatusCode = refused.Status;
                break;
        }

        Dossier = await dossiers.LoadAsync(Id, ct);
        return Page();
    }
}

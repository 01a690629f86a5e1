using System.Globalization;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Central.Web.Pages;

/// <summary>
/// The registered sending offices; register one by pasting its public key, or revoke one. The same
/// <see cref="OfficeRegistry"/> as `ektp central add-office`.
/// </summary>
[Authorize(Policy = EktpPolicies.Offices)]
internal sealed class OfficesModel(CentralDbContext db, TimeProvider clock, UiText text) : PageModel
{
    public IReadOnlyList<OfficeRecord> Offices { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The key id whose revoke form the problem belongs to (null: the register form).</summary>
    public string? ProblemKeyId { get; private set; }

    [BindProperty]
    public string? Region { get; set; }

    [BindProperty]
    public string? Pem { get; set; }

    [BindProperty]
    public string? By { get; set; }

    [BindProperty]
    public string? KeyId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Offices = await OfficeRegistry.ListAsync(db, ct);

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        var outcome = await OfficeRegistry.RegisterAsync(db, Region, Pem, By, clock.GetUtcNow().UtcDateTime, ct);
        if (outcome is OfficeOutcome.Done done)
        {
            Message = string.Format(CultureInfo.InvariantCulture,
                text[done.Existing ? "offices.done.existing" : "offices.done.registered"],
                done.Office.Name, done.Office.KeyId);
            return Redirect("/kantor");
        }

        return await RefusedAsync((OfficeOutcome.Refused)outcome, null, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var outcome = await OfficeRegistry.RevokeAsync(db, KeyId, By, Reason, clock.GetUtcNow().UtcDateTime, ct);
        if (outcome is OfficeOutcome.Done done)
        {
            Message = string.Format(CultureInfo.InvariantCulture, text["offices.done.revoked"], done.Office.KeyId);
            return Redirect("/kantor");
        }

        return await RefusedAsync((OfficeOutcome.Refused)outcome, KeyId ?? "", ct);
    }

    private async Task<IActionResult> RefusedAsync(OfficeOutcome.Refused refused, string? keyId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Problem = text.Or("offices.error." + refused.Code, refused.Message);
        ProblemKeyId = keyId;
        Response.StatusCode = refused.Code is "office-unknown" ? StatusCodes.Status404NotFound
            : refused.Code is "office-already-revoked" or "key-other-region" ? StatusCodes.Status409Conflict
            : StatusCodes.Status400BadRequest;
        Offices = await OfficeRegistry.ListAsync(db, ct);
        return Page();
    }
}

using Ektp.Core.Identity;
using Ektp.Regional.Status;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Ektp.Regional.Web.Pages;

/// <summary>`/status`: the public page where residents check their own e-KTP (no login, rate-limited).</summary>
[EnableRateLimiting(PublicStatusApi.RateLimitPolicy)]
[AllowAnonymous]
internal sealed class PublicStatusModel(ResidentStatusService status) : PageModel
{
    public string? Nik { get; private set; }
    public string? BirthDate { get; private set; }
    public StageReport? Report { get; private set; }
    public string? ProblemKey { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? nik, string? birthDate, CancellationToken ct)
    {
        Nik = nik?.Trim();
        BirthDate = birthDate?.Trim();
        if (Nik is null || !Core.Identity.Nik.TryCreate(Nik, out _) || !PublicStatusApi.TryParseDate(BirthDate, out var date))
        {
            ProblemKey = "status.invalid";
            Response.StatusCode = 400;
            return Page();
        }

        Report = await status.FindAsync(Nik, date, ct);
        if (Report is null)
        {
            ProblemKey = "status.notfound";
            Response.StatusCode = 404;
        }

        return Page();
    }
}

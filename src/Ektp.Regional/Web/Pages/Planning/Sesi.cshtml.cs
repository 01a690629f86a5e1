using Ektp.Hosting.Security;
using Ektp.Regional.Planning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Planning;

/// <summary>`/jemput-bola/{id}`: one session: where and when, its offline plan, its letters and lists, and expected
/// against recorded.</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class SesiModel(SessionService sessions) : PageModel
{
    public SessionView Session { get; private set; } = null!;
    public SessionResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await sessions.FindAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        Session = await sessions.ViewAsync(session, ct);
        Result = await sessions.ResultAsync(session, ct);
        return Page();
    }
}

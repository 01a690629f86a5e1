using Ektp.Central.Adjudication;
using Ektp.Central.Data;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Central.Web.Pages;

/// <summary>The duplicate cases, open ones by default (`?state=open|ruled|all`), as `GET /api/cases` lists them.</summary>
[Authorize(Policy = EktpPolicies.Adjudication)]
internal sealed class CasesModel(CentralDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string State { get; set; } = "open";

    public IReadOnlyList<CaseView> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        State = State is "ruled" or "all" ? State : "open";
        Cases = await CasesApi.QueryAsync(db, State, ct);
    }
}

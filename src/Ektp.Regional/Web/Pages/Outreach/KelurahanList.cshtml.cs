using Ektp.Hosting.Security;
using Ektp.Regional.Outreach;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Outreach;

/// <summary>`/jangkauan/{kel}`: the unrecorded wajib-KTP residents of one kelurahan (one RW/RT), their PDF, CSV and
/// letters, and the form where the operator types in what the RT found.</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class KelurahanListModel(OutreachService outreach) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public UnrecordedList List { get; private set; } = null!;
    public Refusal? Problem { get; private set; }
    public IReadOnlyList<RowError> Errors { get; private set; } = [];
    public string Query { get; private set; } = "";
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string kel, int? rw, int? rt, CancellationToken ct) =>
        await LoadAsync(kel, rw, rt, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string kel, int? rw, int? rt, string? reportedBy, string? foundOn,
        string? recordedBy, CancellationToken ct)
    {
        var items = new List<FindingItem?>();
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("finding-", StringComparison.Ordinal)))
        {
            var nik = key["finding-".Length..];
            var finding = Request.Form[key].ToString();
            if (finding.Length > 0)
            {
                items.Add(new FindingItem(nik, finding, Request.Form["expected-" + nik].ToString(),
                    Request.Form["note-" + nik].ToString()));
            }
        }

        var outcome = await outreach.RecordFindingsAsync(new FindingsBody(reportedBy, foundOn, recordedBy, items), ct);
        if (outcome.Errors.Count == 0)
        {
            Message = $"{outcome.Saved.Count}|{outcome.HomeVisitsRequested}";
            return Redirect(Request.Path + Request.QueryString);
        }

        Errors = outcome.Errors;
        Response.StatusCode = 400;
        return await LoadAsync(kel, rw, rt, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string kel, int? rw, int? rt, CancellationToken ct)
    {
        var outcome = await outreach.UnrecordedAsync(kel, rw, rt, ct);
        if (outcome.Refusal is { Status: 404 })
        {
            return false;
        }

        if (outcome.Refusal is { } refusal)
        {
            Problem = refusal;
            Response.StatusCode = refusal.Status;
            outcome = await outreach.UnrecordedAsync(kel, null, null, ct);
        }

        List = outcome.Value!;
        Query = string.Join('&', new[] { List.Rw is { } w ? $"rw={w}" : null, List.Rt is { } t ? $"rt={t}" : null }
            .Where(q => q is not null));
        Today = List.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}

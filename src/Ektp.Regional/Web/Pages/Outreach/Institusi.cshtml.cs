using Ektp.Hosting.Security;
using Ektp.Regional.Outreach;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages.Outreach;

/// <summary>`/lembaga/{id}`: one school, prison or company: the letter, its answer, its people list (CSV upload and
/// how each line matched the registry).</summary>
[Authorize(Policy = EktpPolicies.Outreach)]
internal sealed class InstitusiModel(InstitutionService institutions, OutreachService outreach) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public InstitutionView Institution { get; private set; } = null!;
    public IReadOnlyList<MemberView> Members { get; private set; } = [];
    public Refusal? Problem { get; private set; }
    public IReadOnlyList<RowError> Errors { get; private set; } = [];
    public UploadSummary? Upload { get; private set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostLetterAsync(Guid id, string? by, CancellationToken ct) =>
        await AfterAsync(id, (await institutions.LetterSentAsync(id, new ByBody(by), ct)).Refusal, "letter", ct);

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, string? ready, int? students, string? answeredOn,
        string? by, string? note, CancellationToken ct) =>
        await AfterAsync(id, (await institutions.AnswerAsync(id,
            new AnswerBody(ready is null ? null : ready == "yes", students, answeredOn, by, note), ct)).Refusal,
            "answer", ct);

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, string? by, CancellationToken ct)
    {
        if (file is null || file.Length == 0 || file.Length > InstitutionService.MaxUploadBytes)
        {
            Problem = new Refusal(400, "member-list-empty", "No list was uploaded.",
                $"Choose a CSV file of at most {InstitutionService.MaxUploadBytes / 1024 / 1024} MB.");
            Response.StatusCode = 400;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var outcome = await institutions.UploadMembersAsync(id, await reader.ReadToEndAsync(ct), by, ct);
        Problem = outcome.Problem;
        Errors = outcome.Errors;
        Upload = outcome.Summary;
        if (Problem is not null || Errors.Count > 0)
        {
            Response.StatusCode = Problem?.Status ?? 422;
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> AfterAsync(Guid id, Refusal? refusal, string message, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = message;
            return Redirect($"/lembaga/{id}");
        }

        Problem = refusal;
        Response.StatusCode = refusal.Status;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await institutions.FindAsync(id, ct) is not { } view)
        {
            return false;
        }

        Institution = view;
        Members = await institutions.MembersAsync(id, ct);
        Today = (await outreach.TodayAsync(ct)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}

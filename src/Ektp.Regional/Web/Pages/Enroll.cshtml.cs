using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

[Authorize(Policy = EktpPolicies.Recording)]
internal sealed class EnrollModel(RegionalDbContext db, EnrollmentService enrollments, RegionalSettings settings,
    UiText text, AuditTrail audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Nik { get; set; } = "";

    public string Name { get; private set; } = "";
    public string Location { get; private set; } = "office";
    public string? Operator { get; private set; }
    public EnrollmentOutcome.Refused? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var name = await db.Residents.AsNoTracking().Where(r => r.Nik == Nik).Select(r => r.Name).SingleOrDefaultAsync(ct);
        if (name is null)
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.PersonRead, Nik), ct);
        Name = name;
        return Page();
    }

    [RequestSizeLimit(40 * 1024 * 1024)]
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var form = await Request.ReadFormAsync(ct);
        var parsed = await EnrollmentSubmission.FromFormAsync(form, settings.MaxImageBytes, ct);

        // The web form has one reason box per finger; the API takes them as one `N:reason,…` list.
        var missing = Enumerable.Range(1, EnrollmentSubmission.FingerCount)
            .Select(i => (i, Reason: form[$"missing{i}"].ToString().Trim().Replace(",", ";", StringComparison.Ordinal)))
            .Where(m => m.Reason.Length > 0)
            .Select(m => $"{m.i}:{m.Reason}");
        var submission = parsed with { Nik = Nik, Missing = string.Join(',', missing) };

        var outcome = await enrollments.EnrollAsync(submission, ct);
        if (outcome is EnrollmentOutcome.Recorded recorded)
        {
            TempData["Message"] = $"{text["enroll.done"]} {text["enroll.packet"]} {recorded.PacketId}";
            return Redirect($"/penduduk/{Nik}");
        }

        Problem = (EnrollmentOutcome.Refused)outcome;
        Response.StatusCode = Problem.Status;
        Name = await db.Residents.AsNoTracking().Where(r => r.Nik == Nik).Select(r => r.Name).SingleOrDefaultAsync(ct) ?? "";
        Location = submission.Location ?? "office";
        Operator = submission.Operator;
        return Page();
    }
}

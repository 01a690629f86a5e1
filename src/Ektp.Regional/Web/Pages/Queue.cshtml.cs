using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Field;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

/// <summary>
/// `/antrean`: the queue upstream for the supervisor — what waits, the oldest, the last good contact, the link's
/// recent error rate, and what was set aside with its reason; at a regional server also its field kits, at a field
/// kit its copy of the registry (with a pull on demand).
/// </summary>
[Authorize(Policy = EktpPolicies.Staff)] // a field kit's operator watches the queue too
internal sealed class QueueModel(RegionalDbContext db, LinkMonitor link, RegionalSettings settings,
    RegistryPullState pulls, TimeProvider clock) : PageModel
{
    public OutboxSummary Summary { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public bool IsFieldKit => settings.IsFieldKit;

    public string? RegionalUrl => settings.RegionalUrl;

    public FieldKitView? Registry { get; private set; }

    public IReadOnlyList<FieldKitRecord> Kits { get; private set; } = [];

    public bool PullRequested { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Summary = await OutboxApi.GetSummary(db, link, settings, ct);
        if (settings.IsFieldKit)
        {
            Registry = await FieldKitApi.GetState(db, settings, pulls, ct);
        }
        else
        {
            Kits = await db.FieldKits().AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name)
                .ToListAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostPullAsync(CancellationToken ct)
    {
        if (!settings.IsFieldKit)
        {
            return NotFound();
        }

        pulls.Request();
        PullRequested = true;
        await OnGetAsync(ct);
        return Page();
    }
}

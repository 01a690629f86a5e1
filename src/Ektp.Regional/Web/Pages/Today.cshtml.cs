using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

[Authorize(Policy = EktpPolicies.Recording)]
internal sealed class TodayModel(RegionalDbContext db, TimeProvider clock) : PageModel
{
    public DateOnly Day { get; private set; }

    public IReadOnlyList<TodayRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Day = DateOnly.FromDateTime(now);
        var start = now.Date;
        var end = start.AddDays(1);
        var rows = await (from e in db.Enrollments.AsNoTracking()
                          join r in db.Residents.AsNoTracking() on e.Nik equals r.Nik
                          where e.RecordedAt >= start && e.RecordedAt < end
                          orderby e.RecordedAt descending
                          select new { e.RecordedAt, e.Nik, r.Name, e.Location, e.Operator, e.FingersCaptured, e.PacketId })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new TodayRow(r.RecordedAt, r.Nik, r.Name, r.Location.ToString().ToLowerInvariant(),
            r.Operator, r.FingersCaptured, r.PacketId))];
    }
}

internal sealed record TodayRow(DateTime RecordedAt, string Nik, string Name, string Location, string Operator,
    int Fingers, Guid PacketId);

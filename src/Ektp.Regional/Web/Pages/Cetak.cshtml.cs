using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Web.Pages;

/// <summary>`/cetak`: the print queue, printing the next cards, exceptions (priority, reprint, hold).</summary>
[Authorize(Policy = EktpPolicies.Printing)]
internal sealed class CetakModel(RegionalDbContext db, PrintQueue queue, PrintService printer, BlankStock stock,
    PrintOffices offices) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? PrintedIds { get; set; }

    public Refusal? Problem { get; private set; }
    public QueueSnapshot Queue { get; private set; } = null!;
    public IReadOnlyList<OfficeStock> Stock { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Offices { get; private set; } = [];
    public IReadOnlyList<CardView> Recent { get; private set; } = [];
    public IReadOnlyList<Guid> Printed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPrintAsync(string? @operator, string? office, int? count,
        CancellationToken ct)
    {
        var printed = new List<Guid>();
        for (var i = 0; i < Math.Clamp(count ?? 1, 1, PrintingApi.MaxPrintCount); i++)
        {
            var outcome = await printer.PrintNextAsync(office, @operator, ct);
            if (outcome.Refusal is { } refusal)
            {
                Problem = refusal;
                break;
            }

            printed.Add(outcome.Value!.Id);
        }

        if (printed.Count == 0)
        {
            Response.StatusCode = Problem!.Status;
            await LoadAsync(ct);
            return Page();
        }

        // A prefix keeps TempData's serializer from turning a single id back into a Guid.
        PrintedIds = "cards:" + string.Join(',', printed);
        Message = Problem is null ? null : $"{Problem.Title} {Problem.Detail}";
        return Redirect("/cetak");
    }

    public async Task<IActionResult> OnPostPriorityAsync(string nik, string? by, string? reason, CancellationToken ct) =>
        !await HttpContext.AllowsAsync(EktpPolicies.Supervision)
            ? Forbid()
            : await AfterAsync((await printer.PrioritiseAsync(nik, by, reason, ct)).Refusal, ct);

    public async Task<IActionResult> OnPostReleaseAsync(string nik, string? by, string? reason, CancellationToken ct) =>
        !await HttpContext.AllowsAsync(EktpPolicies.Supervision)
            ? Forbid()
            : await AfterAsync((await printer.ReleaseHoldAsync(nik, by, reason, ct)).Refusal, ct);

    public async Task<IActionResult> OnPostSpoilAsync(Guid card, string? by, string? reason, CancellationToken ct) =>
        await AfterAsync((await printer.SpoilCardAsync(card, by, reason, ct)).Refusal, ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, CancellationToken ct)
    {
        if (refusal is null)
        {
            return Redirect("/cetak");
        }

        Problem = refusal;
        Response.StatusCode = refusal.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Queue = await queue.LoadAsync(ct);
        Stock = await stock.AllAsync(ct);
        Offices = offices.All();
        Printed = [.. (PrintedIds ?? "").Replace("cards:", "", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)];
        var cards = await db.Cards.AsNoTracking().OrderByDescending(c => c.PrintedAt).ThenByDescending(c => c.BlankSerial)
            .Take(20).ToListAsync(ct);
        var niks = cards.Select(c => c.Nik).ToList();
        var names = await db.Residents.AsNoTracking().Where(r => niks.Contains(r.Nik))
            .ToDictionaryAsync(r => r.Nik, r => r.Name, ct);
        Recent = [.. cards.Select(c => CardView.Of(c, null, names.GetValueOrDefault(c.Nik)))];
    }
}

using Ektp.Hosting.Security;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages;

/// <summary>`/blangko`: blank-card stock per office, deliveries in, unused blanks spoiled.</summary>
[Authorize(Policy = EktpPolicies.StockRead)]
internal sealed class BlangkoModel(BlankStock stock, PrintOffices offices, UiText text) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public Refusal? Problem { get; private set; }
    public IReadOnlyList<OfficeStock> Stock { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Offices { get; private set; } = [];
    public IReadOnlyList<BlankDeliveryView> Deliveries { get; private set; } = [];
    public IReadOnlyList<SpoiledBlankView> Spoiled { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostReceiveAsync(string? office, long? firstSerial, long? lastSerial,
        string? receivedBy, string? reference, CancellationToken ct) =>
        !await HttpContext.AllowsAsync(EktpPolicies.Stock)
            ? Forbid()
            : await AfterAsync((await stock.ReceiveAsync(
            new BlankDeliveryRequest(office, firstSerial, lastSerial, receivedBy, reference), ct)).Refusal, ct);

    public async Task<IActionResult> OnPostSpoilAsync(string? office, long? serial, string? by, string? reason,
        CancellationToken ct) =>
        !await HttpContext.AllowsAsync(EktpPolicies.Printing)
            ? Forbid()
            : await AfterAsync((await stock.SpoilUnusedAsync(new SpoilBlankRequest(office, serial, by, reason), ct)).Refusal,
            ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = text["stock.saved"];
            return Redirect("/blangko");
        }

        Problem = refusal;
        Response.StatusCode = refusal.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Stock = await stock.AllAsync(ct);
        Offices = offices.All();
        Deliveries = await stock.DeliveriesAsync(ct);
        Spoiled = await stock.SpoiledAsync(ct);
    }
}

using Ektp.Hosting.Security;
using Ektp.Regional.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Regional.Web.Pages;

/// <summary>`/pengiriman`: printed cards into delivery batches, and the hand-over record of each card.</summary>
[Authorize(Policy = EktpPolicies.Printing)]
internal sealed class PengirimanModel(DeliveryService deliveries, UiText text) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public Refusal? Problem { get; private set; }
    public IReadOnlyList<CardView> Awaiting { get; private set; } = [];
    public IReadOnlyList<DeliveryBatchView> Batches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostBatchAsync(string? kind, string? destination, string? by, Guid[]? cards,
        CancellationToken ct) =>
        await AfterAsync((await deliveries.CreateBatchAsync(
            new DeliveryBatchRequest(kind, destination, by, cards), ct)).Refusal, ct);

    public async Task<IActionResult> OnPostHandOverAsync(Guid card, string? receivedBy, string? identification,
        string? by, CancellationToken ct) =>
        await AfterAsync((await deliveries.HandOverAsync(card,
            new HandOverRequest(receivedBy, identification, by, null), ct)).Refusal, ct);

    private async Task<IActionResult> AfterAsync(Refusal? refusal, CancellationToken ct)
    {
        if (refusal is null)
        {
            Message = text["stock.saved"];
            return Redirect("/pengiriman");
        }

        Problem = refusal;
        Response.StatusCode = refusal.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Awaiting = await deliveries.AwaitingDeliveryAsync(ct);
        Batches = await deliveries.BatchesAsync(null, ct);
    }
}

using Ektp.Core.Lifecycle;
using Ektp.Hosting.Audit;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Printing;

/// <summary>
/// After printing: cards go out in delivery batches (office counter, school, kecamatan office, home of a sick
/// resident), and each hand-over is recorded — received by whom, when, with which identification — moving the
/// record PRINTED → DELIVERED.
/// </summary>
internal sealed class DeliveryService(RegionalDbContext db, TimeProvider clock, AuditTrail audit)
{
    public const int MaxCardsPerBatch = 500;

    public async Task<Outcome<DeliveryBatchView>> CreateBatchAsync(DeliveryBatchRequest request, CancellationToken ct)
    {
        if (!TryParseKind(request.Kind, out var kind))
        {
            return Refuse(400, "delivery-kind-invalid", "The delivery kind is not valid.",
                "'kind' must be one of: office (pick-up at the office), school, kecamatan, home.");
        }

        if (string.IsNullOrWhiteSpace(request.Destination) || request.Destination.Length > 200)
        {
            return Refuse(400, "destination-missing", "The destination is missing.",
                "Give 'destination' (at most 200 characters): the school's name, the kecamatan office, the home address " +
                "or the office counter.");
        }

        if (string.IsNullOrWhiteSpace(request.By) || request.By.Length > 80)
        {
            return Refuse(400, "operator-missing", "The operator is not named.",
                "Give 'by' (the operator's user name, at most 80 characters).");
        }

        var ids = (request.CardIds ?? []).Distinct().ToList();
        if (ids.Count is 0 or > MaxCardsPerBatch)
        {
            return Refuse(400, "cards-missing", "No cards, or too many, for one batch.",
                $"Give 'cardIds': 1 to {MaxCardsPerBatch} printed cards.");
        }

        var cards = await db.Cards.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var missing = ids.Except(cards.Select(c => c.Id)).ToList();
        if (missing.Count > 0)
        {
            return Refuse(404, "card-unknown", "No such card.", $"No card has the id {missing[0]}.");
        }

        var unavailable = cards.FirstOrDefault(c => c.State != CardState.Printed || c.DeliveryBatchId is not null);
        if (unavailable is not null)
        {
            return Refuse(409, "card-not-deliverable", "A card cannot go into this batch.",
                $"Card {unavailable.Id} (blank {unavailable.BlankSerial}) is " +
                (unavailable.DeliveryBatchId is { } b ? $"already in delivery batch {b}." :
                    $"{unavailable.State.ToString().ToLowerInvariant()}; only printed cards go out."));
        }

        var batch = new DeliveryBatch
        {
            Kind = kind,
            Destination = request.Destination.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = request.By.Trim(),
        };
        try
        {
            // The batch and its cards together, or nothing.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.DeliveryBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            foreach (var card in cards)
            {
                card.DeliveryBatchId = batch.Id;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A card was spoiled or handed over meanwhile.
            db.ChangeTracker.Clear();
            return Refuse(409, "card-not-deliverable", "A card changed meanwhile.",
                "One of the cards was spoiled or handed over a moment ago; list the printed cards again.");
        }

        // After the batch's own transaction: one entry per resident whose card leaves the office.
        await audit.RecordAsync([.. cards.Select(c => new AuditEvent(AuditActions.DeliveryBatch, c.Nik,
            $"batch {batch.Id} ({KindText(kind)}), card {c.Id}"))], CancellationToken.None);

        return (await BatchesAsync(batch.Id, ct)).Single();
    }

    public async Task<Outcome<CardView>> HandOverAsync(Guid cardId, HandOverRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ReceivedBy) || request.ReceivedBy.Length > 120)
        {
            return Refuse(400, "receiver-missing", "Who received the card is not named.",
                "Give 'receivedBy' (at most 120 characters): the resident, or who received it for them.");
        }

        if (string.IsNullOrWhiteSpace(request.Identification) || request.Identification.Length > 120)
        {
            return Refuse(400, "identification-missing", "The identification shown is not recorded.",
                "Give 'identification' (at most 120 characters), e.g. 'KK 1472…', 'kartu pelajar', 'surat kuasa'.");
        }

        if (string.IsNullOrWhiteSpace(request.By) || request.By.Length > 80)
        {
            return Refuse(400, "operator-missing", "The operator is not named.",
                "Give 'by' (the operator's user name, at most 80 characters).");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var card = await db.Cards.SingleOrDefaultAsync(c => c.Id == cardId, ct);
        if (card is null)
        {
            return Refuse(404, "card-unknown", "No such card.", $"No card has the id {cardId}.");
        }

        var at = request.At?.UtcDateTime ?? now;
        if (at > now || at < card.PrintedAt)
        {
            return Refuse(400, "handover-time-invalid", "The hand-over time is not plausible.",
                "'at' must lie between the printing of the card and now.");
        }

        if (card.State != CardState.Printed || card.DeliveryBatchId is null)
        {
            return Refuse(409, "card-not-deliverable", "This card cannot be handed over.",
                card.DeliveryBatchId is null && card.State == CardState.Printed
                    ? $"Card {cardId} is in no delivery batch yet; put it in one (office pick-up, school, …) first."
                    : $"Card {cardId} is {card.State.ToString().ToLowerInvariant()}.");
        }

        var resident = await db.Residents.SingleAsync(r => r.Nik == card.Nik, ct);
        if (!RecordLifecycle.CanMove(resident.Status, RecordStatus.Delivered))
        {
            return Refuse(409, "card-not-deliverable", "This card cannot be handed over.",
                $"The record is {RecordLifecycle.Code(resident.Status)}, not PRINTED.");
        }

        var batch = await db.DeliveryBatches.AsNoTracking().SingleAsync(b => b.Id == card.DeliveryBatchId, ct);
        card.State = CardState.Delivered;
        card.HandedOverAt = at;
        card.ReceivedBy = request.ReceivedBy.Trim();
        card.ReceivedIdentification = request.Identification.Trim();
        card.HandedOverBy = request.By.Trim();
        db.StatusEvents.Add(new StatusEvent
        {
            Nik = card.Nik,
            From = resident.Status,
            To = RecordStatus.Delivered,
            At = at,
            Reason = Trim($"Handed over ({KindText(batch.Kind)}: {batch.Destination}) to {card.ReceivedBy}, " +
                          $"identification: {card.ReceivedIdentification}"),
            By = card.HandedOverBy,
        });
        resident.Status = RecordStatus.Delivered;
        resident.StatusSince = at;
        resident.StatusReason = null;
        resident.UpdatedAt = now;
        try
        {
            await audit.SaveChangesAsync(new AuditEvent(AuditActions.CardDeliver, card.Nik,
                $"card {card.Id}, batch {batch.Id} ({KindText(batch.Kind)})"), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Refuse(409, "card-not-deliverable", "This card changed meanwhile.",
                $"Card {cardId} was handed over or spoiled by someone else a moment ago.");
        }

        return CardView.Of(card, batch);
    }

    public async Task<IReadOnlyList<DeliveryBatchView>> BatchesAsync(long? id, CancellationToken ct)
    {
        var batches = await db.DeliveryBatches.AsNoTracking()
            .Where(b => id == null || b.Id == id)
            .OrderByDescending(b => b.Id).Take(100).ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var cards = await db.Cards.AsNoTracking().Where(c => c.DeliveryBatchId != null && ids.Contains(c.DeliveryBatchId.Value))
            .OrderBy(c => c.BlankSerial).ToListAsync(ct);
        var names = await NamesAsync(cards.Select(c => c.Nik), ct);
        return
        [
            .. batches.Select(b => new DeliveryBatchView(b.Id, KindText(b.Kind), b.Destination, b.CreatedAt, b.CreatedBy,
                [.. cards.Where(c => c.DeliveryBatchId == b.Id).Select(c => CardView.Of(c, b, names.GetValueOrDefault(c.Nik)))])),
        ];
    }

    /// <summary>Printed cards in no batch yet, oldest first: what the delivery page offers to send out.</summary>
    public async Task<IReadOnlyList<CardView>> AwaitingDeliveryAsync(CancellationToken ct)
    {
        var cards = await db.Cards.AsNoTracking()
            .Where(c => c.State == CardState.Printed && c.DeliveryBatchId == null)
            .OrderBy(c => c.PrintedAt).ThenBy(c => c.BlankSerial).Take(500).ToListAsync(ct);
        var names = await NamesAsync(cards.Select(c => c.Nik), ct);
        return [.. cards.Select(c => CardView.Of(c, null, names.GetValueOrDefault(c.Nik)))];
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> niks, CancellationToken ct)
    {
        var list = niks.Distinct(StringComparer.Ordinal).ToList();
        return await db.Residents.AsNoTracking().Where(r => list.Contains(r.Nik))
            .ToDictionaryAsync(r => r.Nik, r => r.Name, StringComparer.Ordinal, ct);
    }

    public static bool TryParseKind(string? text, out DeliveryKind kind)
    {
        kind = default;
        return text is not null && !int.TryParse(text, out _) &&
               Enum.TryParse(text.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    public static string KindText(DeliveryKind kind) => kind.ToString().ToLowerInvariant();

    private static string? Trim(string? text, int max = 500) =>
        text is not null && text.Length > max ? text[..max] : text;

    private static Refusal Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);
}

internal sealed record DeliveryBatchRequest(string? Kind, string? Destination, string? By, IReadOnlyList<Guid>? CardIds);

internal sealed record HandOverRequest(string? ReceivedBy, string? Identification, string? By, DateTimeOffset? At);

internal sealed record DeliveryBatchView(long Id, string Kind, string Destination, DateTime CreatedAt, string CreatedBy,
    IReadOnlyList<CardView> Cards);

internal sealed record CardView(Guid Id, string Nik, string? Name, long BlankSerial, string Office, DateTime PrintedAt,
    string PrintedBy, string State, string SuggestedDelivery, long? DeliveryBatchId, string? DeliveryKind,
    string? Destination, DateTime? HandedOverAt, string? ReceivedBy, string? ReceivedIdentification,
    string? SpoiledReason, DateTime? WithdrawnAt, string? WithdrawnReason, Guid? ReplacedByCardId, string Front,
    string Back, string Pdf)
{
    public static CardView Of(CardRecord c, DeliveryBatch? batch, string? name = null) => new(
        c.Id, c.Nik, name, c.BlankSerial, c.Office, c.PrintedAt, c.PrintedBy, c.State.ToString().ToLowerInvariant(),
        DeliveryService.KindText(c.SuggestedDelivery), c.DeliveryBatchId,
        batch is null ? null : DeliveryService.KindText(batch.Kind), batch?.Destination, c.HandedOverAt, c.ReceivedBy,
        c.ReceivedIdentification, c.SpoiledReason, c.WithdrawnAt, c.WithdrawnReason, c.ReplacedByCardId,
        $"/api/printing/cards/{c.Id}/front.png", $"/api/printing/cards/{c.Id}/back.png",
        $"/api/printing/cards.pdf?ids={c.Id}");
}

using Ektp.Core.Identity;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Printing;

/// <summary>`/api/printing/…`: the print queue, printing, cards (PNG, PDF, chip), blank stock, delivery.</summary>
internal static class PrintingApi
{
    public const int MaxPrintCount = 50;
    public const int MaxPdfCards = 200;

    public static IServiceCollection AddPrinting(this IServiceCollection services)
    {
        services.AddScoped<PrintOffices>();
        services.AddScoped<PrintQueue>();
        services.AddScoped<BlankStock>();
        services.AddScoped<PrintService>();
        services.AddScoped<DeliveryService>();
        return services;
    }

    public static RouteGroupBuilder MapPrinting(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/printing").WithTags("Printing");
        group.MapGet("/queue", GetQueue).RequireAuthorization(EktpPolicies.Printing).WithName("PrintQueue")
            .WithSummary("The print queue in order: position, state, expected print date, exceptions with who and why");
        group.MapPost("/next", PrintNext).RequireAuthorization(EktpPolicies.Printing).WithName("PrintNext")
            .WithSummary("Print the next card(s) of the queue: { operator, office?, count? }");
        group.MapPost("/queue/{nik}/priority", Prioritise).RequireAuthorization(EktpPolicies.Supervision).WithName("PrioritiseRecord")
            .WithSummary("Move a queued record to the front (court order): { by, reason }");
        group.MapPost("/queue/{nik}/release", ReleaseHold).RequireAuthorization(EktpPolicies.Supervision).WithName("ReleaseHold")
            .WithSummary("Lift the hold on a record whose permit failed at the printer: { by, reason }");
        group.MapGet("/cards", ListCards).RequireAuthorization(EktpPolicies.Printing).WithName("ListCards")
            .WithSummary("Cards printed, newest first; `nik` filters, `awaitingDelivery=true` lists those in no batch");
        group.MapGet("/cards/{id:guid}", GetCard).RequireAuthorization(EktpPolicies.Printing).WithName("GetCard").WithSummary("One printed card");
        group.MapGet("/cards/{id:guid}/front.png", Front).RequireAuthorization(EktpPolicies.Printing).WithName("CardFront")
            .WithSummary("Front of the card, PNG, 1011 × 638 px (300 dpi)");
        group.MapGet("/cards/{id:guid}/back.png", Back).RequireAuthorization(EktpPolicies.Printing).WithName("CardBack")
            .WithSummary("Back of the card with its QR code, PNG, 1011 × 638 px (300 dpi)");
        group.MapGet("/cards/{id:guid}/chip", Chip).RequireAuthorization(EktpPolicies.Printing).WithName("CardChip")
            .WithSummary("The chip content (ektp-chip/1) and the office's signature over it");
        group.MapGet("/cards.pdf", Pdf).RequireAuthorization(EktpPolicies.Printing).WithName("CardsPdf")
            .WithSummary("Printable PDF batch (front and back of each card): `ids=a,b,…` or `printedOn=YYYY-MM-DD`");
        group.MapPost("/cards/{id:guid}/spoil", Spoil).RequireAuthorization(EktpPolicies.Printing).WithName("SpoilCard")
            .WithSummary("The card jammed or is damaged: blank spoiled, record printed again first: { by, reason }");
        group.MapGet("/stock", GetStock).RequireAuthorization(EktpPolicies.StockRead).WithName("BlankStock")
            .WithSummary("Blank cards per office: received, printed, spoiled, available, days covered, warnings");
        group.MapPost("/stock/deliveries", ReceiveBlanks).RequireAuthorization(EktpPolicies.Stock).WithName("ReceiveBlanks")
            .WithSummary("A delivery of blanks: { office, firstSerial, lastSerial, receivedBy, reference? }");
        group.MapPost("/stock/spoiled", SpoilBlank).RequireAuthorization(EktpPolicies.Printing).WithName("SpoilBlank")
            .WithSummary("An unused blank is spoiled: { office, serial, by, reason }");
        group.MapGet("/deliveries", ListBatches).RequireAuthorization(EktpPolicies.Printing).WithName("DeliveryBatches")
            .WithSummary("Delivery batches with their cards and hand-overs");
        group.MapPost("/deliveries", CreateBatch).RequireAuthorization(EktpPolicies.Printing).WithName("CreateDeliveryBatch")
            .WithSummary("A delivery batch: { kind: office|school|kecamatan|home, destination, by, cardIds }");
        group.MapPost("/cards/{id:guid}/handover", HandOver).RequireAuthorization(EktpPolicies.Printing).WithName("HandOverCard")
            .WithSummary("Record the hand-over: { receivedBy, identification, by, at? } → DELIVERED");
        return group;
    }

    internal static async Task<QueueResponse> GetQueue(PrintQueue queue, int? limit, CancellationToken ct)
    {
        var snapshot = await queue.LoadAsync(ct);
        var take = Math.Clamp(limit ?? 200, 1, 5000);
        return new QueueResponse(snapshot.Entries.Count,
            snapshot.Entries.Count(e => e.State == QueueEntryState.Ready),
            snapshot.Entries.Count(e => e.State == QueueEntryState.WaitingForAge),
            snapshot.Entries.Count(e => e.State == QueueEntryState.WaitingForBlanks),
            snapshot.Entries.Count(e => e.State == QueueEntryState.Held),
            snapshot.PrintedPerDay, snapshot.BlanksAvailable,
            [.. snapshot.Entries.Take(take).Select(QueueItem.Of)]);
    }

    internal static async Task<Results<Created<PrintResponse>, ProblemHttpResult>> PrintNext(PrintRequest? request,
        PrintService printer, BlankStock stock, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.BadRequest("request-malformed", "The request has no JSON body.",
                "Send { \"operator\": \"…\", \"office\": \"1472\", \"count\": 1 }.");
        }

        var count = request.Count ?? 1;
        if (count is < 1 or > MaxPrintCount)
        {
            return Problems.BadRequest("count-invalid", "The number of cards is not valid.",
                $"'count' must be from 1 to {MaxPrintCount}.");
        }

        var printed = new List<CardView>();
        Refusal? stopped = null;
        for (var i = 0; i < count; i++)
        {
            var outcome = await printer.PrintNextAsync(request.Office, request.Operator, ct);
            if (outcome.Refusal is { } refusal)
            {
                stopped = refusal;
                break;
            }

            printed.Add(CardView.Of(outcome.Value!, null));
        }

        if (printed.Count == 0)
        {
            return stopped!.ToProblem();
        }

        var office = printed[0].Office;
        var remaining = await stock.OfAsync(office, ct);
        var ids = string.Join(',', printed.Select(c => c.Id));
        return TypedResults.Created($"/api/printing/cards.pdf?ids={ids}", new PrintResponse(printed,
            $"/api/printing/cards.pdf?ids={ids}", remaining,
            stopped is null ? null : new PrintStop(stopped.Code, stopped.Title, stopped.Detail)));
    }

    internal static async Task<Results<Ok<QueueExceptionItem>, ProblemHttpResult>> Prioritise(string nik,
        WhoWhy? request, PrintService printer, CancellationToken ct)
    {
        var outcome = await printer.PrioritiseAsync(nik, request?.By, request?.Reason, ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(QueueExceptionItem.Of(outcome.Value!));
    }

    internal static async Task<Results<Ok<QueueExceptionItem>, ProblemHttpResult>> ReleaseHold(string nik,
        WhoWhy? request, PrintService printer, CancellationToken ct)
    {
        var outcome = await printer.ReleaseHoldAsync(nik, request?.By, request?.Reason, ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(QueueExceptionItem.Of(outcome.Value!));
    }

    internal static async Task<Results<Ok<IReadOnlyList<CardView>>, ProblemHttpResult>> ListCards(RegionalDbContext db,
        DeliveryService deliveries, AuditTrail audit, string? nik, bool? awaitingDelivery, CancellationToken ct)
    {
        if (awaitingDelivery == true)
        {
            return TypedResults.Ok(await deliveries.AwaitingDeliveryAsync(ct));
        }

        if (nik is not null && !Nik.TryCreate(nik, out _))
        {
            return Problems.BadRequest("nik-malformed", "The NIK is malformed.", $"'{nik}' is not a 16-digit NIK.");
        }

        var cards = await db.Cards.AsNoTracking().Where(c => nik == null || c.Nik == nik)
            .OrderByDescending(c => c.PrintedAt).ThenByDescending(c => c.BlankSerial).Take(500).ToListAsync(ct);
        if (nik is not null && cards.Count > 0)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.CardRead, nik), ct);
        }

        var batchIds = cards.Where(c => c.DeliveryBatchId != null).Select(c => c.DeliveryBatchId!.Value).Distinct().ToList();
        var batches = await db.DeliveryBatches.AsNoTracking().Where(b => batchIds.Contains(b.Id)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CardView>>(
            [.. cards.Select(c => CardView.Of(c, batches.FirstOrDefault(b => b.Id == c.DeliveryBatchId)))]);
    }

    internal static async Task<Results<Ok<CardView>, ProblemHttpResult>> GetCard(Guid id, RegionalDbContext db,
        AuditTrail audit, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (card is null)
        {
            return UnknownCard(id);
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.CardRead, card.Nik), ct);

        var batch = card.DeliveryBatchId is { } b
            ? await db.DeliveryBatches.AsNoTracking().SingleOrDefaultAsync(x => x.Id == b, ct)
            : null;
        return TypedResults.Ok(CardView.Of(card, batch));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Front(Guid id, RegionalDbContext db,
        AuditTrail audit, DataCipher cipher, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Nik, c.Chip })
            .SingleOrDefaultAsync(ct);
        if (card is not null)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.CardRead, card.Nik), ct);
        }

        return card is null
            ? UnknownCard(id)
            : TypedResults.File(CardRenderer.FrontPng(ChipContent.Parse(cipher.OpenChip(id, card.Chip))), "image/png",
                $"{id}-front.png");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Back(Guid id, RegionalDbContext db,
        AuditTrail audit, DataCipher cipher, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Nik, c.Chip, c.QrText })
            .SingleOrDefaultAsync(ct);
        if (card is not null)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.CardRead, card.Nik), ct);
        }

        return card is null
            ? UnknownCard(id)
            : TypedResults.File(CardRenderer.BackPng(ChipContent.Parse(cipher.OpenChip(id, card.Chip)), card.QrText), "image/png",
                $"{id}-back.png");
    }

    internal static async Task<Results<Ok<ChipResponse>, ProblemHttpResult>> Chip(Guid id, RegionalDbContext db,
        AuditTrail audit, DataCipher cipher, CancellationToken ct)
    {
        var card = await db.Cards.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Nik, c.Chip, c.ChipSignature, c.QrText }).SingleOrDefaultAsync(ct);
        if (card is not null)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.CardRead, card.Nik), ct);
        }

        return card is null
            ? UnknownCard(id)
            : TypedResults.Ok(new ChipResponse(Convert.ToBase64String(cipher.OpenChip(id, card.Chip)),
                card.ChipSignature, card.QrText));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(string? ids, string? printedOn,
        RegionalDbContext db, AuditTrail audit, DataCipher cipher, CancellationToken ct)
    {
        List<CardRecord> cards;
        if (!string.IsNullOrWhiteSpace(ids))
        {
            var parsed = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).ToList();
            if (parsed.Count is 0 || parsed.Count > MaxPdfCards || parsed.Any(g => g is null))
            {
                return Problems.BadRequest("card-ids-invalid", "The card ids are not valid.",
                    $"'ids' takes 1 to {MaxPdfCards} card ids (GUIDs) separated by commas.");
            }

            var wanted = parsed.Select(g => g!.Value).Distinct().ToList();
            cards = await db.Cards.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToListAsync(ct);
            if (cards.Count != wanted.Count)
            {
                return UnknownCard(wanted.First(w => cards.All(c => c.Id != w)));
            }

            cards = [.. wanted.Select(w => cards.First(c => c.Id == w))];
        }
        else if (Status.PublicStatusApi.TryParseDate(printedOn, out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var end = start.AddDays(1);
            cards = await db.Cards.AsNoTracking()
                .Where(c => c.PrintedAt >= start && c.PrintedAt < end && c.State != CardState.Spoiled)
                .OrderBy(c => c.BlankSerial).Take(MaxPdfCards).ToListAsync(ct);
        }
        else
        {
            return Problems.BadRequest("card-ids-invalid", "Which cards?",
                "Give 'ids' (card ids separated by commas) or 'printedOn' (YYYY-MM-DD).");
        }

        if (cards.Count == 0)
        {
            return Problems.NotFound("card-unknown", "No cards.", "No card was printed on that day.");
        }

        await audit.RecordAsync([.. cards.Select(c => new AuditEvent(AuditActions.CardRead, c.Nik,
            $"GET /api/printing/cards.pdf, card {c.Id}"))], ct);
        using var output = new MemoryStream();
        CardRenderer.Pdf(output, cards.Select(c => (ChipContent.Parse(cipher.OpenChip(c.Id, c.Chip)), c.QrText)));
        return TypedResults.File(output.ToArray(), "application/pdf", "ktp-el.pdf");
    }

    internal static async Task<Results<Ok<CardView>, ProblemHttpResult>> Spoil(Guid id, WhoWhy? request,
        PrintService printer, CancellationToken ct)
    {
        var outcome = await printer.SpoilCardAsync(id, request?.By, request?.Reason, ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(CardView.Of(outcome.Value!, null));
    }

    internal static async Task<IReadOnlyList<OfficeStock>> GetStock(BlankStock stock, CancellationToken ct) =>
        await stock.AllAsync(ct);

    internal static async Task<Results<Created<StockChange>, ProblemHttpResult>> ReceiveBlanks(
        BlankDeliveryRequest? request, BlankStock stock, CancellationToken ct)
    {
        var outcome = await stock.ReceiveAsync(request ?? new BlankDeliveryRequest(null, null, null, null, null), ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Created("/api/printing/stock", outcome.Value!);
    }

    internal static async Task<Results<Created<StockChange>, ProblemHttpResult>> SpoilBlank(SpoilBlankRequest? request,
        BlankStock stock, CancellationToken ct)
    {
        var outcome = await stock.SpoilUnusedAsync(request ?? new SpoilBlankRequest(null, null, null, null), ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Created("/api/printing/stock", outcome.Value!);
    }

    internal static async Task<IReadOnlyList<DeliveryBatchView>> ListBatches(DeliveryService deliveries,
        CancellationToken ct) => await deliveries.BatchesAsync(null, ct);

    internal static async Task<Results<Created<DeliveryBatchView>, ProblemHttpResult>> CreateBatch(
        DeliveryBatchRequest? request, DeliveryService deliveries, CancellationToken ct)
    {
        var outcome = await deliveries.CreateBatchAsync(request ?? new DeliveryBatchRequest(null, null, null, null), ct);
        return outcome.Refusal is { } r
            ? r.ToProblem()
            : TypedResults.Created($"/api/printing/deliveries#{outcome.Value!.Id}", outcome.Value);
    }

    internal static async Task<Results<Ok<CardView>, ProblemHttpResult>> HandOver(Guid id, HandOverRequest? request,
        DeliveryService deliveries, CancellationToken ct)
    {
        var outcome = await deliveries.HandOverAsync(id, request ?? new HandOverRequest(null, null, null, null), ct);
        return outcome.Refusal is { } r ? r.ToProblem() : TypedResults.Ok(outcome.Value!);
    }

    private static ProblemHttpResult UnknownCard(Guid id) =>
        Problems.NotFound("card-unknown", "No such card.", $"No card has the id {id}.");
}

internal sealed record PrintRequest(string? Operator, string? Office, int? Count);

internal sealed record WhoWhy(string? By, string? Reason);

internal sealed record PrintStop(string Code, string Title, string Detail);

internal sealed record PrintResponse(IReadOnlyList<CardView> Cards, string Pdf, OfficeStock Stock, PrintStop? Stopped);

internal sealed record ChipResponse(string Chip, string Signature, string QrText);

internal sealed record QueueItem(int Position, string Nik, string Name, DateTime RecordedAt, string? RecordedWhere,
    string State, DateOnly? WaitUntil, DateOnly? ExpectedDate, QueueExceptionItem? Exception)
{
    public static QueueItem Of(QueueEntry e) => new(e.Position, e.Nik, e.Name, e.RecordedAt,
        e.RecordedWhere?.ToString().ToLowerInvariant(), StateText(e.State), e.WaitUntil, e.ExpectedDate,
        e.Exception is { } x ? QueueExceptionItem.Of(x) : null);

    public static string StateText(QueueEntryState state) => state switch
    {
        QueueEntryState.WaitingForAge => "waiting-for-age",
        QueueEntryState.WaitingForBlanks => "waiting-for-blanks",
        QueueEntryState.Held => "held",
        _ => "ready",
    };
}

internal sealed record QueueExceptionItem(string Kind, DateTime At, string By, string Reason)
{
    public static QueueExceptionItem Of(QueueExceptionView x) =>
        new(x.Kind.ToString().ToLowerInvariant(), x.At, x.By, x.Reason);
}

internal sealed record QueueResponse(int Total, int Ready, int WaitingForAge, int WaitingForBlanks, int Held,
    double PrintedPerDay, long BlanksAvailable, IReadOnlyList<QueueItem> Items);

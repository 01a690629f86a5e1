using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Printing;

/// <summary>
/// Blank-card stock (blangko) per office. Stock is never stored as a number that could drift: it is the serials
/// delivered minus the serials used (one <see cref="BlankUse"/> row per serial, the serial its key), so it cannot go
/// below zero and every blank is accounted for.
/// </summary>
internal sealed class BlankStock(RegionalDbContext db, RegionalSettings settings, PrintOffices offices,
    TimeProvider clock)
{
    /// <summary>Largest delivery accepted at once (a typo in a serial must not create a million blanks).</summary>
    public const long MaxDeliverySize = 100_000;

    public async Task<IReadOnlyList<OfficeStock>> AllAsync(CancellationToken ct)
    {
        var received = await db.BlankDeliveries.AsNoTracking()
            .GroupBy(d => d.Office)
            .Select(g => new { Office = g.Key, Count = g.Sum(d => d.LastSerial - d.FirstSerial + 1) })
            .ToListAsync(ct);
        var used = await db.BlankUses.AsNoTracking()
            .GroupBy(u => new { u.Office, u.Kind })
            .Select(g => new { g.Key.Office, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-settings.PrintRateDays);
        var recent = await db.BlankUses.AsNoTracking()
            .Where(u => u.Kind == BlankUseKind.Printed && u.At >= since)
            .GroupBy(u => u.Office)
            .Select(g => new { Office = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var codes = received.Select(r => r.Office).Concat(used.Select(u => u.Office)).Append(offices.Main)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return
        [
            .. codes.Select(code =>
            {
                var inCount = received.Where(r => r.Office == code).Sum(r => r.Count);
                var printed = used.Where(u => u.Office == code && u.Kind == BlankUseKind.Printed).Sum(u => u.Count);
                var spoiled = used.Where(u => u.Office == code && u.Kind == BlankUseKind.Spoiled).Sum(u => u.Count);
                var rate = recent.Where(r => r.Office == code).Sum(r => r.Count) / (double)settings.PrintRateDays;
                return OfficeStock.Of(code, offices.NameOf(code), inCount, printed, spoiled, rate,
                    settings.BlankStockWarningDays);
            }),
        ];
    }

    public async Task<OfficeStock> OfAsync(string office, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(s => s.Office == office)
        ?? OfficeStock.Of(office, offices.NameOf(office), 0, 0, 0, 0, settings.BlankStockWarningDays);

    /// <summary>
    /// Takes the next unused blank of <paramref name="office"/> (oldest delivery first, lowest serial first) and
    /// tracks the change; the caller's SaveChanges stores it. Null when the office has none left.
    /// </summary>
    public async Task<(BlankDelivery Delivery, long Serial)?> TakeAsync(string office, CancellationToken ct)
    {
        var deliveries = await db.BlankDeliveries
            .Where(d => d.Office == office && d.NextSerial <= d.LastSerial)
            .OrderBy(d => d.Id)
            .ToListAsync(ct);
        foreach (var delivery in deliveries)
        {
            // Blanks spoiled while still unused sit ahead of NextSerial: step over them.
            var used = await db.BlankUses.AsNoTracking()
                .Where(u => u.Serial >= delivery.NextSerial && u.Serial <= delivery.LastSerial)
                .OrderBy(u => u.Serial).Select(u => u.Serial).ToListAsync(ct);
            var candidate = delivery.NextSerial;
            foreach (var serial in used)
            {
                if (serial != candidate)
                {
                    break;
                }

                candidate++;
            }

            if (candidate <= delivery.LastSerial)
            {
                delivery.NextSerial = candidate + 1;
                return (delivery, candidate);
            }
        }

        return null;
    }

    public async Task<Outcome<StockChange>> ReceiveAsync(BlankDeliveryRequest request, CancellationToken ct)
    {
        if (!offices.IsValid(request.Office))
        {
            return Refuse(400, "office-unknown", "Unknown office.",
                $"'{request.Office}' is not an office of this kab/kota: give {offices.Main} (the Disdukcapil) or a " +
                "6-digit kecamatan code.");
        }

        if (request.FirstSerial is not { } first || request.LastSerial is not { } last || first < 1 || last < first)
        {
            return Refuse(400, "serial-range-invalid", "The serial range is not valid.",
                "Give firstSerial and lastSerial as positive whole numbers with firstSerial ≤ lastSerial.");
        }

        if (last - first + 1 > MaxDeliverySize)
        {
            return Refuse(400, "serial-range-invalid", "The serial range is too large.",
                $"{last - first + 1:N0} blanks in one delivery; at most {MaxDeliverySize:N0} are accepted at once.");
        }

        if (string.IsNullOrWhiteSpace(request.ReceivedBy) || request.ReceivedBy.Length > 80)
        {
            return Refuse(400, "operator-missing", "Who received the delivery is not named.",
                "Give 'receivedBy' (at most 80 characters).");
        }

        if (request.Reference is { Length: > 200 })
        {
            return Refuse(400, "reference-too-long", "The delivery reference is too long.",
                "'reference' takes at most 200 characters.");
        }

        var overlap = await db.BlankDeliveries.AsNoTracking()
            .Where(d => d.FirstSerial <= last && d.LastSerial >= first)
            .Select(d => new { d.Id, d.FirstSerial, d.LastSerial })
            .FirstOrDefaultAsync(ct);
        if (overlap is not null)
        {
            return Refuse(409, "serial-range-overlap", "These serials were delivered before.",
                $"Serials {first}–{last} overlap delivery {overlap.Id} ({overlap.FirstSerial}–{overlap.LastSerial}); " +
                "every blank has one serial and is delivered once.");
        }

        var delivery = new BlankDelivery
        {
            Office = request.Office!,
            FirstSerial = first,
            LastSerial = last,
            NextSerial = first,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
            ReceivedBy = request.ReceivedBy.Trim(),
            Reference = string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim(),
        };
        db.BlankDeliveries.Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Refuse(409, "serial-range-overlap", "These serials were delivered before.",
                $"Another delivery starting at serial {first} was recorded at the same moment.");
        }

        return new StockChange(delivery.Id, await OfAsync(delivery.Office, ct));
    }

    /// <summary>Records an unused blank as spoiled (damaged in the box, misprinted on a test run, …).</summary>
    public async Task<Outcome<StockChange>> SpoilUnusedAsync(SpoilBlankRequest request, CancellationToken ct)
    {
        if (!offices.IsValid(request.Office))
        {
            return Refuse(400, "office-unknown", "Unknown office.",
                $"'{request.Office}' is not an office of this kab/kota.");
        }

        var problem = CheckWhoWhy(request.By, request.Reason);
        if (problem is not null)
        {
            return problem;
        }

        var serial = request.Serial ?? 0;
        var delivery = await db.BlankDeliveries.AsNoTracking()
            .Where(d => d.Office == request.Office && d.FirstSerial <= serial && d.LastSerial >= serial)
            .SingleOrDefaultAsync(ct);
        if (delivery is null)
        {
            return Refuse(404, "blank-unknown", "No such blank at this office.",
                $"Serial {serial} was not delivered to {offices.NameOf(request.Office!)}.");
        }

        if (await db.BlankUses.AnyAsync(u => u.Serial == serial, ct))
        {
            return Refuse(409, "blank-already-used", "This blank is no longer in stock.",
                $"Serial {serial} was already printed on or recorded as spoiled. A card that jammed is recorded " +
                "on the card itself (POST /api/printing/cards/{id}/spoil).");
        }

        db.BlankUses.Add(new BlankUse
        {
            Serial = serial,
            DeliveryId = delivery.Id,
            Office = delivery.Office,
            Kind = BlankUseKind.Spoiled,
            At = clock.GetUtcNow().UtcDateTime,
            By = request.By!.Trim(),
            Reason = request.Reason!.Trim(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Refuse(409, "blank-already-used", "This blank is no longer in stock.",
                $"Serial {serial} was used by a printer at the same moment.");
        }

        return new StockChange(delivery.Id, await OfAsync(delivery.Office, ct));
    }

    public async Task<IReadOnlyList<BlankDeliveryView>> DeliveriesAsync(CancellationToken ct) =>
        await db.BlankDeliveries.AsNoTracking().OrderByDescending(d => d.Id).Take(200)
            .Select(d => new BlankDeliveryView(d.Id, d.Office, d.FirstSerial, d.LastSerial,
                d.LastSerial - d.FirstSerial + 1, d.ReceivedAt, d.ReceivedBy, d.Reference))
            .ToListAsync(ct);

    public async Task<IReadOnlyList<SpoiledBlankView>> SpoiledAsync(CancellationToken ct) =>
        await db.BlankUses.AsNoTracking().Where(u => u.Kind == BlankUseKind.Spoiled)
            .OrderByDescending(u => u.At).ThenByDescending(u => u.Serial).Take(200)
            .Select(u => new SpoiledBlankView(u.Serial, u.Office, u.At, u.By, u.Reason, u.CardId))
            .ToListAsync(ct);

    private static Refusal Refuse(int status, string code, string title, string detail) =>
        new(status, code, title, detail);

    internal static Refusal? CheckWhoWhy(string? by, string? reason)
    {
        if (string.IsNullOrWhiteSpace(by) || by.Length > 80)
        {
            return Refuse(400, "operator-missing", "The operator is not named.",
                "Give 'by' (the operator's user name, at most 80 characters).");
        }

        return string.IsNullOrWhiteSpace(reason) || reason.Length > 500
            ? Refuse(400, "reason-missing", "The reason is missing.",
                "Give 'reason' (at most 500 characters): it is kept with the record and shown.")
            : null;
    }
}

/// <summary>The stock of one office, and whether it runs out soon at the current print rate.</summary>
internal sealed record OfficeStock(string Office, string Name, long Received, long Printed, long Spoiled, long Available,
    double PrintedPerDay, double? DaysCovered, bool OutOfStock, bool Low, int WarningDays)
{
    public static OfficeStock Of(string office, string name, long received, long printed, long spoiled, double rate,
        int warningDays)
    {
        var available = received - printed - spoiled;
        double? days = rate > 0 ? Math.Round(available / rate, 1) : null;
        return new OfficeStock(office, name, received, printed, spoiled, available, Math.Round(rate, 2), days,
            available <= 0, available > 0 && days < warningDays, warningDays);
    }
}

internal sealed record BlankDeliveryRequest(string? Office, long? FirstSerial, long? LastSerial, string? ReceivedBy,
    string? Reference);

internal sealed record SpoilBlankRequest(string? Office, long? Serial, string? By, string? Reason);

internal sealed record BlankDeliveryView(long Id, string Office, long FirstSerial, long LastSerial, long Count,
    DateTime ReceivedAt, string ReceivedBy, string? Reference);

internal sealed record SpoiledBlankView(long Serial, string Office, DateTime At, string By, string? Reason, Guid? CardId);

internal sealed record StockChange(long DeliveryId, OfficeStock Stock);

using Ektp.Core.Eligibility;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Printing;

/// <summary>
/// The print queue, computed from the registry rather than kept as rows of its own: every record at
/// PRINT_READY_RECORD with a permit the decision puller verified is in it, so nothing has to "add" a record and
/// nothing can be forgotten. Order: recorded exceptions (court-ordered priority, reprint after a jam) first in the
/// order they were recorded, then everyone else first-come-first-served by recording time (NIK breaks ties).
/// A resident not yet wajib KTP keeps their place but is not printed before the 17th birthday; a record whose
/// permit failed the printer's check is held in its place.
/// </summary>
internal sealed class PrintQueue(RegionalDbContext db, RegionalSettings settings, TimeProvider clock)
{
    public async Task<QueueSnapshot> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var rows = await db.Residents.AsNoTracking()
            .Where(r => r.Status == RecordStatus.PrintReadyRecord && db.Permits.Any(p => p.Nik == r.Nik && p.Verified))
            .Select(r => new
            {
                r.Nik,
                r.Name,
                r.RecordedAt,
                r.StatusSince,
                r.BirthDate,
                r.MaritalStatus,
                r.RecordedWhere,
            })
            .ToListAsync(ct);
        var exceptions = await db.QueueExceptions.AsNoTracking()
            .Where(e => e.ResolvedAt == null)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(ct);

        var since = now.AddDays(-settings.PrintRateDays);
        var printedRecently = await db.Cards.AsNoTracking()
            .CountAsync(c => c.PrintedAt >= since && c.State != CardState.Spoiled, ct);
        var rate = printedRecently / (double)settings.PrintRateDays;
        var stock = await AvailableBlanksAsync(ct);

        var ordered = rows
            .Select(r =>
            {
                var front = exceptions.FirstOrDefault(e => e.Nik == r.Nik && e.Kind != QueueExceptionKind.Hold);
                var hold = exceptions.FirstOrDefault(e => e.Nik == r.Nik && e.Kind == QueueExceptionKind.Hold);
                return (Row: r, Front: front, Hold: hold, Since: r.RecordedAt ?? r.StatusSince);
            })
            .OrderBy(x => x.Front is null ? 1 : 0)
            .ThenBy(x => x.Front?.At ?? x.Since)
            .ThenBy(x => x.Front?.Id ?? 0)
            .ThenBy(x => x.Row.Nik, StringComparer.Ordinal)
            .ToList();

        var entries = new List<QueueEntry>(ordered.Count);
        var readyAhead = 0;
        foreach (var (row, front, hold, recordedAt) in ordered)
        {
            var wajib = WajibKtp.IsWajibKtp(row.BirthDate, row.MaritalStatus, today);
            var state = hold is not null ? QueueEntryState.Held
                : !wajib ? QueueEntryState.WaitingForAge
                : readyAhead >= stock ? QueueEntryState.WaitingForBlanks
                : QueueEntryState.Ready;
            DateOnly? waitUntil = wajib ? null : WajibKtp.WajibKtpDate(row.BirthDate);
            DateOnly? expected = null;
            if (state is QueueEntryState.Ready or QueueEntryState.WaitingForAge && rate > 0)
            {
                var days = (int)Math.Ceiling(((readyAhead + 1) / rate) - 1e-9);
                expected = today.AddDays(days);
                if (waitUntil is { } birthday && birthday > expected)
                {
                    expected = birthday;
                }
            }

            if (state is QueueEntryState.Ready or QueueEntryState.WaitingForBlanks)
            {
                readyAhead++;
            }

            var shown = front ?? hold;
            entries.Add(new QueueEntry(entries.Count + 1, row.Nik, row.Name, recordedAt, row.RecordedWhere, state,
                waitUntil, expected,
                shown is null ? null : new QueueExceptionView(shown.Id, shown.Kind, shown.At, shown.By, shown.Reason)));
        }

        return new QueueSnapshot(entries, Math.Round(rate, 2), stock, today);
    }

    /// <summary>Blanks left in all offices together (the queue is the region's; offices share it).</summary>
    private async Task<long> AvailableBlanksAsync(CancellationToken ct)
    {
        var received = await db.BlankDeliveries.AsNoTracking().SumAsync(d => d.LastSerial - d.FirstSerial + 1, ct);
        var used = await db.BlankUses.AsNoTracking().LongCountAsync(ct);
        return Math.Max(0, received - used);
    }
}

internal enum QueueEntryState
{
    /// <summary>Will be printed when its turn comes.</summary>
    Ready,

    /// <summary>Not yet wajib KTP (recorded early at school): keeps its place until the 17th birthday.</summary>
    WaitingForAge,

    /// <summary>Its turn would come, but the blanks in stock run out before it.</summary>
    WaitingForBlanks,

    /// <summary>The permit failed the printer's check; held in place for the supervisor.</summary>
    Held,
}

internal sealed record QueueExceptionView(long Id, QueueExceptionKind Kind, DateTime At, string By, string Reason);

internal sealed record QueueEntry(int Position, string Nik, string Name, DateTime RecordedAt,
    RecordingLocation? RecordedWhere, QueueEntryState State, DateOnly? WaitUntil, DateOnly? ExpectedDate,
    QueueExceptionView? Exception);

internal sealed record QueueSnapshot(IReadOnlyList<QueueEntry> Entries, double PrintedPerDay, long BlanksAvailable,
    DateOnly Today)
{
    public QueueEntry? Find(string nik) => Entries.FirstOrDefault(e => e.Nik == nik);

    /// <summary>The records a printer may take now, in order.</summary>
    public IEnumerable<QueueEntry> Printable =>
        Entries.Where(e => e.State is QueueEntryState.Ready or QueueEntryState.WaitingForBlanks);
}

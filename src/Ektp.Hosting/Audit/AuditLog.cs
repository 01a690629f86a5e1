using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Audit;

/// <summary>What happened, to which NIK, with a short detail free of biodata.</summary>
internal sealed record AuditEvent(string Action, string? Nik = null, string? Detail = null);

/// <summary>Who did it and from where.</summary>
internal sealed record AuditActor(string User, string Roles, string? Remote)
{
    public static readonly AuditActor System = new("system", "", null);

    /// <summary>The signed-in account of the request (its name and roles from the sign-in, never from the request's
    /// body), and the address the connection came from.</summary>
    public static AuditActor Of(HttpContext? context)
    {
        if (context is null)
        {
            return System;
        }

        var user = context.User.Identity is { IsAuthenticated: true } identity && identity.Name is { Length: > 0 } name
            ? name
            : "anonymous";
        return new AuditActor(user, RolesOf(context.User), RemoteOf(context));
    }

    public static string RolesOf(ClaimsPrincipal? principal) => principal is null
        ? ""
        : string.Join(',', principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));

    public static string? RemoteOf(HttpContext? context) => context?.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;

    /// <summary>The same actor under another name (a sign-in attempt: the account it was for).</summary>
    public AuditActor As(string user, string roles) => this with { User = user, Roles = roles };
}

/// <summary>
/// Appends to the audit log of one database, one writer at a time: the next number and the previous hash are read
/// and the new entries saved under a lock, so no two entries of this process ever claim the same place in the chain.
/// Another process writing to the same database (a second server, `ektp user`) is caught by the primary key on seq:
/// the loser reads the new head and tries again.
/// </summary>
internal sealed class AuditLog(TimeProvider clock) : IDisposable
{
    private const int Attempts = 5;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Adds the entries to <paramref name="db"/> and saves it: whatever else the context holds (the business write)
    /// is saved in the same SaveChanges, so in the same transaction: both are stored or neither. Must not be called
    /// inside a transaction of the caller's (the lock would then be released before that transaction commits).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> AppendAsync(DbContext db, AuditActor actor,
        IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(events);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException(
                "The audit log is written in its own SaveChanges, not inside a caller's transaction: record the " +
                "entry after the commit.");
        }

        await _gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = await HeadAsync(db, ct);
                var at = AuditChain.Instant(clock.GetUtcNow());
                var entries = new List<AuditEntry>(events.Count);
                foreach (var e in events)
                {
                    var entry = AuditChain.Seal(New(actor, e, at), head);
                    head = new AuditHead(entry.Seq, entry.Hash);
                    entries.Add(entry);
                }

                db.Set<AuditEntry>().AddRange(entries);
                bool lostRace;
                try
                {
                    await db.SaveChangesAsync(ct);
                    return entries;
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    Detach(db, entries);
                    lostRace = (await HeadAsync(db, ct))?.Seq >= entries[0].Seq;
                    if (!lostRace)
                    {
                        throw;
                    }
                }
                catch
                {
                    Detach(db, entries);
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The last entry, or null for an empty log.</summary>
    public static async Task<AuditHead?> HeadAsync(DbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? null : new AuditHead(last.Seq, last.Hash);
    }

    private static AuditEntry New(AuditActor actor, AuditEvent e, DateTime at) => new()
    {
        At = at,
        User = Cut(actor.User, AuditEntry.MaxUser)!,
        Roles = Cut(actor.Roles, AuditEntry.MaxRoles)!,
        Remote = Cut(actor.Remote, AuditEntry.MaxRemote),
        Action = Cut(e.Action, AuditEntry.MaxAction)!,
        Nik = e.Nik is { Length: 16 } nik && nik.All(char.IsAsciiDigit) ? nik : null,
        Detail = Cut(e.Detail, AuditEntry.MaxDetail),
        PrevHash = "",
        Hash = "",
    };

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static void Detach(DbContext db, List<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            db.Entry(entry).State = EntityState.Detached;
        }
    }
}

/// <summary>Walks a database's whole chain in batches (`ektp audit verify`).</summary>
internal static class AuditVerify
{
    public const int BatchSize = 5000;

    public static async Task<AuditVerification> RunAsync(DbContext db, AuditHead? anchor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var verifier = new AuditVerifier(anchor);
        long after = 0;
        while (true)
        {
            // A batch by seq, not an offset: the walk is linear however long the log.
            var batch = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq)
                .Take(BatchSize).ToListAsync(ct);
            foreach (var entry in batch)
            {
                if (!verifier.Add(entry))
                {
                    return verifier.Finish();
                }
            }

            if (batch.Count < BatchSize)
            {
                return verifier.Finish();
            }

            after = batch[^1].Seq;
        }
    }
}

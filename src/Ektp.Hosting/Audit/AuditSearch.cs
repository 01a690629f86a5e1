using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Hosting.Audit;

/// <summary>A search of the log: by NIK, by user, between two instants (each optional).</summary>
internal sealed record AuditFilter(string? Nik, string? User, DateTime? From, DateTime? To)
{
    public static readonly AuditFilter All = new(null, null, null, null);

    /// <summary>
    /// Reads the filters as the API and the page take them: a 16-digit NIK, a user name, and <c>from</c> / <c>to</c>
    /// as a date (<c>2026-11-23</c>, a whole UTC day, both ends included) or an instant (ISO 8601; UTC without an
    /// offset).
    /// Null with <paramref name="error"/> set when one is malformed.
    /// </summary>
    public static AuditFilter? TryParse(string? nik, string? user, string? from, string? to, out string? error)
    {
        error = null;
        nik = Blank(nik);
        user = Blank(user);
        if (nik is not null && (nik.Length != 16 || !nik.All(char.IsAsciiDigit)))
        {
            error = $"nik: '{nik}' is not a NIK (16 digits).";
            return null;
        }

        if (user is not null && user.Length > AuditEntry.MaxUser)
        {
            error = $"user: at most {AuditEntry.MaxUser} characters.";
            return null;
        }

        DateTime? start = null, end = null;
        if (Blank(from) is { } f)
        {
            start = ParseBound(f, endOfDay: false);
            if (start is null)
            {
                error = $"from: '{f}' is neither a date (yyyy-MM-dd) nor an instant (ISO 8601).";
                return null;
            }
        }

        if (Blank(to) is { } t)
        {
            end = ParseBound(t, endOfDay: true);
            if (end is null)
            {
                error = $"to: '{t}' is neither a date (yyyy-MM-dd) nor an instant (ISO 8601).";
                return null;
            }
        }

        return new AuditFilter(nik, user, start, end);
    }

    /// <summary>The filters as a query string (for links to the next page and to the CSV).</summary>
    public string ToQuery(string? fromText, string? toText)
    {
        var parts = new List<string>();
        Add("nik", Nik);
        Add("user", User);
        Add("from", Blank(fromText));
        Add("to", Blank(toText));
        return string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (Nik is not null)
        {
            entries = entries.Where(e => e.Nik == Nik);
        }

        if (User is not null)
        {
            entries = entries.Where(e => e.User == User);
        }

        if (From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (To is { } to)
        {
            entries = entries.Where(e => e.At <= to);
        }

        return entries;
    }

    private static DateTime? ParseBound(string text, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return endOfDay ? start.AddDays(1).AddTicks(-10) : start;
        }

        // An instant without an offset is taken as UTC, as every instant of the log is.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) &&
               text.Contains('T', StringComparison.Ordinal)
            ? at.UtcDateTime
            : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>Reads the log of the server's database: pages for the API and the page, batches for the CSV.</summary>
internal sealed class AuditReader(Func<DbContext> open)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Entries after <paramref name="after"/> in seq order (oldest first), at most <paramref name="limit"/>;
    /// <c>Next</c> is the cursor for the following page, null at the end.</summary>
    public async Task<AuditPage> AfterAsync(AuditFilter filter, long after, int limit, CancellationToken ct)
    {
        await using var db = open();
        var rows = await filter.Apply(db.Set<AuditEntry>().AsNoTracking()).Where(e => e.Seq > after)
            .OrderBy(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var more = rows.Count > limit;
        var items = more ? rows[..limit] : rows;
        return new AuditPage(items, more ? items[^1].Seq : null);
    }

    /// <summary>Entries before <paramref name="before"/> (null: from the newest), newest first, for the page.</summary>
    public async Task<AuditPage> BeforeAsync(AuditFilter filter, long? before, int limit, CancellationToken ct)
    {
        await using var db = open();
        var query = filter.Apply(db.Set<AuditEntry>().AsNoTracking());
        if (before is { } b)
        {
            query = query.Where(e => e.Seq < b);
        }

        var rows = await query.OrderByDescending(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var more = rows.Count > limit;
        var items = more ? rows[..limit] : rows;
        return new AuditPage(items, more ? items[^1].Seq : null);
    }

    /// <summary>Every matching entry after <paramref name="after"/> in seq order, read in batches.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, long after, long? limit,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var left = limit ?? long.MaxValue;
        while (left > 0)
        {
            var page = await AfterAsync(filter, after, (int)Math.Min(MaxLimit, left), ct);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            left -= page.Items.Count;
            if (page.Next is not { } next)
            {
                yield break;
            }

            after = next;
        }
    }

    public async Task<AuditHead?> HeadAsync(CancellationToken ct)
    {
        await using var db = open();
        return await AuditLog.HeadAsync(db, ct);
    }
}

internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? Next);

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Ektp.Regional.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Sync;

/// <summary>
/// Pulls this region's decisions from the centre's feed (docs/transport.md) after a cursor stored in the database,
/// and applies each one — status change with its <see cref="StatusEvent"/>, permit, cursor — in one transaction, so
/// a decision is applied once even if the server stops between two. Print permits are checked against the centre's
/// signing key (pinned on first contact in `keys/central-signing.pub`).
/// <para>
/// A <c>NOTICE</c> moves no status: it is written to the resident's history as a note. A decision that cannot be
/// applied (malformed, unknown kind, NIK or packet, a move the lifecycle forbids, a permit that does not verify) is
/// set aside: a <c>decision-set-aside:SEQUENCE</c> settings row with its reason, a note on the resident's history
/// when the resident is known, a warning in the log, and the cursor moves past it so the decisions behind it flow.
/// One that throws while being applied is tried again on the next rounds and set aside after
/// <see cref="MaxAttempts"/> failures in a row, so it can never hold the feed for good.
/// </para>
/// </summary>
internal sealed partial class DecisionPuller(
    IServiceScopeFactory scopes,
    RegionalSettings settings,
    RegionalInfo region,
    RegionalKeys keys,
    LinkMonitor link,
    DecisionFeedState state,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<DecisionPuller> logger) : BackgroundService
{
    public const string CursorKey = "decision-cursor";
    public const string SetAsidePrefix = "decision-set-aside:";
    public const int MaxAttempts = 3;
    private const int PageSize = 100;

    // Statuses a record may pass through on its way to the decided one, e.g. when the decision arrives before the
    // outbox recorded the centre's receipt, or when an adjudicated case ends.
    private static readonly RecordStatus[] Intermediate =
    [
        RecordStatus.SentForEnrollment, RecordStatus.ReceivedAtCentral, RecordStatus.DuplicateRecord,
        RecordStatus.AdjudicateRecord,
    ];

    // The decision that failed last and how many rounds in a row it failed (rounds never run concurrently).
    private long _failingSequence;
    private int _failures;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(async ct => await PullAsync(ct) == PageSize, () => settings.OutboxPollInterval,
            ex =>
            {
                if (ex is TransientUploadException transient)
                {
                    link.Failure(transient.Message);
                    return;
                }

                state.LastError = ex.Message;
                LogLoopError(logger, ex);
            }, clock, stoppingToken);

    /// <summary>Fetches and applies one page; returns how many decisions it held.</summary>
    public async Task<int> PullAsync(CancellationToken ct)
    {
        var client = new CentralClient(httpFactory.CreateClient(OutboxSender.HttpClientName));
        using var signingKey = await SigningKeyAsync(client, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var cursor = await db.Settings.AsNoTracking().Where(s => s.Key == CursorKey).Select(s => s.Value)
            .SingleOrDefaultAsync(ct);
        var after = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        var page = await client.FetchDecisionsAsync(region.Digits, after, PageSize, ct);
        link.Success();
        if (page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("decisions", out var list) ||
            list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The centre's decision feed answered without a list of decisions.");
        }

        var items = list.EnumerateArray().ToList();
        foreach (var item in items)
        {
            var decision = FeedDecision.Parse(item);
            if (decision.Sequence is not { } sequence)
            {
                // Without a sequence it has no place in the feed; the page's `next` below moves past it.
                LogSetAside(logger, 0, decision.PacketId ?? Guid.Empty, decision.Problem ?? "no sequence");
                state.NotApplied++;
                continue;
            }

            if (sequence <= after)
            {
                continue; // never apply a decision twice, whatever the feed sends
            }

            await ApplyOneAsync(db, decision, sequence, signingKey, ct);
            after = sequence;
            state.Cursor = sequence;
        }

        if (page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number &&
            next.TryGetInt64(out var nextCursor) && nextCursor > after)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await SetCursorAsync(db, nextCursor, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            state.Cursor = nextCursor;
        }

        state.LastPull = clock.GetUtcNow();
        state.LastError = null;
        return items.Count;
    }

    /// <summary>The decisions set aside so far, by sequence, with what they were and why.</summary>
    public static async Task<IReadOnlyList<SetAsideDecision>> SetAsideAsync(RegionalDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Settings.AsNoTracking()
            .Where(s => s.Key.StartsWith(SetAsidePrefix)).ToListAsync(ct);
        return [.. rows
            .Select(r => new SetAsideDecision(
                long.Parse(r.Key.AsSpan(SetAsidePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture),
                r.Value))
            .OrderBy(d => d.Sequence)];
    }

    private async Task ApplyOneAsync(RegionalDbContext db, FeedDecision decision, long sequence, ECDsa signingKey,
        CancellationToken ct)
    {
        string? setAside;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            setAside = await ApplyAsync(db, decision, sequence, signingKey, ct);
            if (setAside is not null)
            {
                await RecordSetAsideAsync(db, decision, sequence, setAside, withNote: true, ct);
            }

            await SetCursorAsync(db, sequence, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            _failures = _failingSequence == sequence ? _failures + 1 : 1;
            _failingSequence = sequence;
            if (_failures < MaxAttempts)
            {
                LogApplyFailed(logger, ex, sequence, _failures, MaxAttempts);
                throw;
            }

            // It failed every time: set it aside (without touching the resident, which may be what fails).
            setAside = $"could not be applied in {_failures} attempts: {ex.GetType().Name}: {ex.Message}";
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RecordSetAsideAsync(db, decision, sequence, setAside, withNote: false, ct);
            await SetCursorAsync(db, sequence, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        _failures = 0;
        if (setAside is null)
        {
            state.Applied++;
            LogApplied(logger, sequence, decision.PacketId!.Value, decision.Kind!);
        }
        else
        {
            state.NotApplied++;
            LogSetAside(logger, sequence, decision.PacketId ?? Guid.Empty, setAside);
        }
    }

    /// <summary>Applies one decision; returns null when applied, or why it must be set aside.</summary>
    private async Task<string?> ApplyAsync(RegionalDbContext db, FeedDecision decision, long sequence,
        ECDsa signingKey, CancellationToken ct)
    {
        if (decision.Problem is { } problem)
        {
            return $"malformed decision: {problem}";
        }

        var packetId = decision.PacketId!.Value;
        var nik = decision.Nik!;
        var now = clock.GetUtcNow().UtcDateTime;
        if (decision.Kind == RecordLifecycle.NoticeKind)
        {
            var told = await db.Residents.SingleOrDefaultAsync(x => x.Nik == nik, ct);
            if (told is null)
            {
                return "notice for a NIK that is not in this registry";
            }

            // A note on the history; the status (and the reason it holds) stays as it is.
            db.StatusEvents.Add(new StatusEvent
            {
                Nik = nik,
                From = told.Status,
                To = told.Status,
                At = now,
                Reason = Trim($"Notice from the centre: {decision.Reason}"),
                By = "central",
            });
            return null;
        }

        if (!RecordLifecycle.TryParse(decision.Kind, out var kind))
        {
            return $"unknown decision kind {decision.Kind}";
        }

        if (kind == RecordStatus.PrintReadyRecord)
        {
            var permit = decision.Permit ?? "";
            var signature = decision.PermitSignature ?? "";
            var verified = Verify(signingKey, permit, signature, packetId, nik);
            if (await db.Permits.FindAsync([packetId], ct) is null)
            {
                db.Permits.Add(new PermitRecord
                {
                    PacketId = packetId,
                    Nik = nik,
                    Sequence = sequence,
                    Permit = permit,
                    Signature = signature,
                    Verified = verified,
                    ReceivedAt = now,
                });
            }

            if (!verified)
            {
                LogBadPermit(logger, sequence, packetId);
                state.BadPermits++;
                return "the print permit's signature does not verify against the centre's key";
            }
        }

        if (!await db.Packets.AnyAsync(p => p.Id == packetId, ct))
        {
            return "no such packet in this registry";
        }

        var resident = await db.Residents.SingleOrDefaultAsync(x => x.Nik == nik, ct);
        if (resident is null)
        {
            return "no resident with this NIK";
        }

        if (resident.Status == kind)
        {
            resident.StatusReason = Trim(decision.Reason);
            return null;
        }

        var path = PathTo(resident.Status, kind);
        if (path is null)
        {
            return $"{RecordLifecycle.Code(resident.Status)} cannot move to {RecordLifecycle.Code(kind)}";
        }

        foreach (var to in path)
        {
            db.StatusEvents.Add(new StatusEvent
            {
                Nik = nik,
                From = resident.Status,
                To = to,
                At = now,
                Reason = to == kind ? Trim(decision.Reason) : "Decision of the centre",
                By = "central",
            });
            resident.Status = to;
        }

        resident.StatusSince = now;
        resident.StatusReason = Trim(decision.Reason);
        resident.UpdatedAt = now;
        return null;
    }

    private async Task RecordSetAsideAsync(RegionalDbContext db, FeedDecision decision, long sequence, string why,
        bool withNote, CancellationToken ct)
    {
        var what = $"{decision.Kind ?? "?"} for NIK {decision.Nik ?? "?"}, packet {decision.PacketId?.ToString() ?? "?"}";
        var key = SetAsidePrefix + sequence.ToString(CultureInfo.InvariantCulture);
        var row = await db.Settings.FindAsync([key], ct);
        if (row is null)
        {
            row = new SettingRecord { Key = key, Value = "" };
            db.Settings.Add(row);
        }

        row.Value = Trim($"{what}: {why}", 400)!;
        if (withNote && decision.Nik is { } nik &&
            await db.Residents.SingleOrDefaultAsync(r => r.Nik == nik, ct) is { } resident)
        {
            db.StatusEvents.Add(new StatusEvent
            {
                Nik = nik,
                From = resident.Status,
                To = resident.Status,
                At = clock.GetUtcNow().UtcDateTime,
                Reason = Trim($"Decision {sequence} of the centre ({decision.Kind}) set aside: {why}"),
                By = "central",
            });
        }
    }

    private static async Task SetCursorAsync(RegionalDbContext db, long sequence, CancellationToken ct)
    {
        var cursor = await db.Settings.FindAsync([CursorKey], ct);
        if (cursor is null)
        {
            cursor = new SettingRecord { Key = CursorKey, Value = "0" };
            db.Settings.Add(cursor);
        }

        cursor.Value = sequence.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<ECDsa> SigningKeyAsync(CentralClient client, CancellationToken ct)
    {
        var pinned = keys.LoadCentralSigningKey();
        if (pinned is not null)
        {
            return pinned;
        }

        keys.PinCentralSigningKey(await client.FetchSigningKeyAsync(ct));
        return keys.LoadCentralSigningKey()!;
    }

    /// <summary>The shortest allowed way from one status to another through <see cref="Intermediate"/> ones.</summary>
    internal static List<RecordStatus>? PathTo(RecordStatus from, RecordStatus to)
    {
        var previous = new Dictionary<RecordStatus, RecordStatus> { [from] = from };
        var queue = new Queue<RecordStatus>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in RecordLifecycle.Next(current))
            {
                if (previous.ContainsKey(next) || (next != to && Array.IndexOf(Intermediate, next) < 0))
                {
                    continue;
                }

                previous[next] = current;
                if (next == to)
                {
                    var path = new List<RecordStatus>();
                    for (var step = to; step != from; step = previous[step])
                    {
                        path.Add(step);
                    }

                    path.Reverse();
                    return path;
                }

                queue.Enqueue(next);
            }
        }

        return null;
    }

    internal static bool Verify(ECDsa key, string permit, string signature, Guid packetId, string nik)
    {
        try
        {
            if (!key.VerifyData(Encoding.UTF8.GetBytes(permit), Convert.FromBase64String(signature),
                    HashAlgorithmName.SHA256))
            {
                return false;
            }

            // A genuine permit for another packet must not open this one for printing.
            var body = JsonDocument.Parse(permit).RootElement;
            return body.GetProperty("packetId").GetGuid() == packetId &&
                   body.GetProperty("nik").GetString() == nik;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or
                                       InvalidOperationException)
        {
            return false;
        }
    }

    private static string? Trim(string? reason, int max = 500) =>
        reason is not null && reason.Length > max ? reason[..max] : reason;

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Decision {Sequence} for packet {PacketId} applied: {Kind}")]
    private static partial void LogApplied(ILogger logger, long sequence, Guid packetId, string kind);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Decision {Sequence} for packet {PacketId}: the permit's signature does not verify; not applied")]
    private static partial void LogBadPermit(ILogger logger, long sequence, Guid packetId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Decision {Sequence} for packet {PacketId} set aside: {Why}")]
    private static partial void LogSetAside(ILogger logger, long sequence, Guid packetId, string why);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Decision puller loop failed; it will try again")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning,
        Message = "Decision {Sequence} failed to apply (attempt {Attempt} of {MaxAttempts}); it will be tried again")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, long sequence, int attempt,
        int maxAttempts);
}

/// <summary>One entry of the centre's feed as read, without trusting its shape: <see cref="Problem"/> says what is wrong.</summary>
internal sealed record FeedDecision(long? Sequence, Guid? PacketId, string? Nik, string? Kind, string? Reason,
    string? Permit, string? PermitSignature, string? Problem)
{
    public static FeedDecision Parse(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new FeedDecision(null, null, null, null, null, null, null, "not a JSON object");
        }

        long? sequence = item.TryGetProperty("sequence", out var s) && s.ValueKind == JsonValueKind.Number &&
                         s.TryGetInt64(out var seq) && seq > 0 ? seq : null;
        Guid? packetId = Text(item, "packetId") is { } p && Guid.TryParse(p, out var id) ? id : null;
        var nik = Text(item, "nik");
        var kind = Text(item, "kind");
        var problem = sequence is null ? "no sequence"
            : packetId is null ? "no packet id"
            : nik is not { Length: 16 } || !nik.All(char.IsAsciiDigit) ? $"NIK '{nik}' is not 16 digits"
            : string.IsNullOrEmpty(kind) ? "no kind"
            : Text(item, "permit") is { Length: > 1000 } || Text(item, "permitSignature") is { Length: > 200 }
                ? "the permit or its signature is too long"
                : null;
        return new FeedDecision(sequence, packetId, nik, kind, Text(item, "reason"), Text(item, "permit"),
            Text(item, "permitSignature"), problem);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A decision of the feed that was not applied, with what it was and why (settings row).</summary>
internal sealed record SetAsideDecision(long Sequence, string Reason);

/// <summary>What the operators see of the decision feed: cursor, counts, last pull (since this start).</summary>
internal sealed class DecisionFeedState
{
    public long? Cursor { get; set; }
    public int Applied { get; set; }
    public int BadPermits { get; set; }
    public int NotApplied { get; set; }
    public DateTimeOffset? LastPull { get; set; }
    public string? LastError { get; set; }
}

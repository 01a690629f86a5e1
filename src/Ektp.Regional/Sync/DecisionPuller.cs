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
/// signing key (pinned on first contact in `keys/central-signing.pub`); a permit that does not verify changes no
/// status: it is kept unverified, logged and counted.
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
    private const int PageSize = 100;

    // Statuses a record may pass through on its way to the decided one, e.g. when the decision arrives before the
    // outbox recorded the centre's receipt, or when an adjudicated case ends.
    private static readonly RecordStatus[] Intermediate =
    [
        RecordStatus.SentForEnrollment, RecordStatus.ReceivedAtCentral, RecordStatus.DuplicateRecord,
        RecordStatus.AdjudicateRecord,
    ];

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
        var cursor = await db.Settings.FindAsync([CursorKey], ct);
        var after = cursor is null ? 0 : long.Parse(cursor.Value, System.Globalization.CultureInfo.InvariantCulture);
        var page = await client.FetchDecisionsAsync(region.Digits, after, PageSize, ct);
        link.Success();
        var items = page.GetProperty("decisions").EnumerateArray().ToList();
        foreach (var item in items)
        {
            var sequence = item.GetProperty("sequence").GetInt64();
            if (sequence <= after)
            {
                continue; // never apply a decision twice, whatever the feed sends
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await ApplyAsync(db, item, sequence, signingKey, ct);
            if (cursor is null)
            {
                cursor = new SettingRecord { Key = CursorKey, Value = "0" };
                db.Settings.Add(cursor);
            }

            cursor.Value = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            after = sequence;
            state.Cursor = sequence;
        }

        state.LastPull = clock.GetUtcNow();
        state.LastError = null;
        return items.Count;
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

    private async Task ApplyAsync(RegionalDbContext db, JsonElement item, long sequence, ECDsa signingKey,
        CancellationToken ct)
    {
        var packetId = item.GetProperty("packetId").GetGuid();
        var nik = item.GetProperty("nik").GetString()!;
        var kindCode = item.GetProperty("kind").GetString();
        var reason = item.TryGetProperty("reason", out var r) ? r.GetString() : null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!RecordLifecycle.TryParse(kindCode, out var kind))
        {
            LogNotApplied(logger, sequence, packetId, $"unknown decision kind {kindCode}");
            state.NotApplied++;
            return;
        }

        if (kind == RecordStatus.PrintReadyRecord)
        {
            var permit = item.GetProperty("permit").GetString() ?? "";
            var signature = item.GetProperty("permitSignature").GetString() ?? "";
            var verified = Verify(signingKey, permit, signature, packetId, nik);
            var stored = await db.Permits.FindAsync([packetId], ct);
            if (stored is null)
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
                return;
            }
        }

        if (!await db.Packets.AnyAsync(p => p.Id == packetId, ct))
        {
            LogNotApplied(logger, sequence, packetId, "no such packet in this registry");
            state.NotApplied++;
            return;
        }

        var resident = await db.Residents.SingleOrDefaultAsync(x => x.Nik == nik, ct);
        if (resident is null)
        {
            LogNotApplied(logger, sequence, packetId, "no resident with this NIK");
            state.NotApplied++;
            return;
        }

        if (resident.Status == kind)
        {
            resident.StatusReason = Trim(reason);
            state.Applied++;
            return;
        }

        var path = PathTo(resident.Status, kind);
        if (path is null)
        {
            LogNotApplied(logger, sequence, packetId,
                $"{RecordLifecycle.Code(resident.Status)} cannot move to {RecordLifecycle.Code(kind)}");
            state.NotApplied++;
            return;
        }

        foreach (var to in path)
        {
            db.StatusEvents.Add(new StatusEvent
            {
                Nik = nik,
                From = resident.Status,
                To = to,
                At = now,
                Reason = to == kind ? Trim(reason) : "Decision of the centre",
                By = "central",
            });
            resident.Status = to;
        }

        resident.StatusSince = now;
        resident.StatusReason = Trim(reason);
        resident.UpdatedAt = now;
        state.Applied++;
        LogApplied(logger, sequence, packetId, kindCode!);
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

    private static string? Trim(string? reason) => reason is { Length: > 500 } ? reason[..500] : reason;

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Decision {Sequence} for packet {PacketId} applied: {Kind}")]
    private static partial void LogApplied(ILogger logger, long sequence, Guid packetId, string kind);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Decision {Sequence} for packet {PacketId}: the permit's signature does not verify; not applied")]
    private static partial void LogBadPermit(ILogger logger, long sequence, Guid packetId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Decision {Sequence} for packet {PacketId} not applied: {Why}")]
    private static partial void LogNotApplied(ILogger logger, long sequence, Guid packetId, string why);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Decision puller loop failed; it will try again")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}

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

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Sync;

/// <summary>
/// Store-and-forward upstream — towards the centre from a regional server, towards the regional server from a field
/// kit: sends pending outbox packets in order of recording, one at a time, each sealed once (signed by this office
/// or kit, encrypted for the upstream's key) and uploaded resumably. A broken link backs off exponentially with
/// jitter and retries forever; a packet the upstream refuses is set aside with its reason so it never blocks the
/// packets behind it. Nothing is deleted: the outbox row only changes state. The last successful contact is kept in
/// the `settings` table, so a field kit restarted offline still knows how long it has been offline.
/// </summary>
internal sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    RegionalSettings settings,
    RegionalInfo region,
    RegionalKeys keys,
    DataCipher cipher,
    LinkMonitor link,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public const string HttpClientName = "upstream";
    public const string LastContactKey = "upstream-last-contact";

    private DateTimeOffset? _savedContact;

    /// <summary>Transient failures in a row, across packets: while the link is down the whole sender backs off,
    /// instead of polling the dead link every interval with the next packet.</summary>
    private int _linkFailures;

    private string UpstreamName => settings.IsFieldKit ? "the regional server" : "the centre";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RestoreLastContactAsync(stoppingToken);
        await BackgroundLoop.RunAsync(SendDueAsync, IdleDelay, ex =>
        {
            // Whatever one round threw (a reset socket surfaced raw, a busy database), back off as for a dead link.
            _linkFailures++;
            LogLoopError(logger, ex);
        }, clock, stoppingToken);
    }

    /// <summary>The poll interval, or the back-off of the failures in a row while the link is down.</summary>
    private TimeSpan IdleDelay() => _linkFailures == 0
        ? settings.OutboxPollInterval
        : TimeSpan.FromTicks(Math.Max(settings.OutboxPollInterval.Ticks, Backoff(_linkFailures).Ticks));

    /// <summary>Sends every due packet, oldest first; stops at the first transient failure (the link is down).</summary>
    public async Task<bool> SendDueAsync(CancellationToken ct)
    {
        await SaveLastContactAsync(ct);
        var client = new UpstreamClient(httpFactory.CreateClient(HttpClientName), UpstreamName);
        var upstreamKey = await UpstreamKeyAsync(client, ct);
        if (upstreamKey is null)
        {
            return false;
        }

        using (upstreamKey)
        {
            var any = false;
            while (!ct.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                var entry = await db.Outbox
                    .Where(o => o.State == OutboxState.Pending && (o.NextAttemptAt == null || o.NextAttemptAt <= now))
                    .OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
                if (entry is null)
                {
                    return any;
                }

                if (!await SendOneAsync(db, client, entry, upstreamKey, ct))
                {
                    return any;
                }

                any = true;
            }

            return any;
        }
    }

    /// <summary>The upstream's encryption key: pinned, or fetched and pinned on first contact (trust on first use).
    /// A field kit also checks that the regional server serves its region before it trusts the key.</summary>
    private async Task<System.Security.Cryptography.ECDiffieHellman?> UpstreamKeyAsync(UpstreamClient client,
        CancellationToken ct)
    {
        var pinned = keys.LoadUpstreamKey(settings.IsFieldKit);
        if (pinned is not null)
        {
            return pinned;
        }

        try
        {
            var answer = await client.GetJsonAsync("api/keys", ct);
            var key = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("encryptionKey", out var k) &&
                      k.ValueKind == JsonValueKind.String
                ? k.GetString()!
                : throw new TransientUploadException($"{UpstreamName} did not give its encryption key.");
            if (settings.IsFieldKit && (!answer.TryGetProperty("regionCode", out var code) ||
                                        code.GetString() != region.Digits))
            {
                throw new TransientUploadException(
                    $"The regional server at {settings.RegionalUrl} does not serve region {region.Digits}.");
            }

            keys.PinUpstreamKey(settings.IsFieldKit, key);
            link.Success();
            return keys.LoadUpstreamKey(settings.IsFieldKit);
        }
        catch (TransientUploadException ex)
        {
            link.Failure(ex.Message);
            _linkFailures++;
            return null;
        }
    }

    /// <returns>False when the link failed and the sender should back off.</returns>
    private async Task<bool> SendOneAsync(RegionalDbContext db, UpstreamClient client, OutboxEntry entry,
        System.Security.Cryptography.ECDiffieHellman upstreamKey, CancellationToken ct)
    {
        var packet = await db.Packets.SingleAsync(p => p.Id == entry.PacketId, ct);

        // A change packet (docs/packet.md) moves no record along the recording lifecycle.
        var recorded = await db.ResidentChanges.AnyAsync(c => c.PacketId == packet.Id, ct) ? null : packet.Nik;
        if (packet.Envelope is null)
        {
            packet.Envelope = PacketEnvelope.Seal(cipher.OpenPacket(packet.Id, packet.Content), packet.Id, region.Digits,
                keys.Office, upstreamKey);
            packet.EnvelopeSha256 = PacketBuilder.Sha256Hex(packet.Envelope);
            await MoveAsync(db, recorded, RecordStatus.Processing, $"Packet sealed for {UpstreamName}", ct);
            await db.SaveChangesAsync(ct);
        }

        entry.Attempts++;
        try
        {
            var receipt = await client.UploadAsync(packet.Id, packet.Envelope, packet.EnvelopeSha256!,
                () => link.Success(), ct);
            link.Success();
            _linkFailures = 0;
            entry.State = OutboxState.Sent;
            entry.SentAt = clock.GetUtcNow().UtcDateTime;
            entry.LastError = null;
            entry.NextAttemptAt = null;
            if (settings.IsFieldKit)
            {
                // The regional server now holds the recording and forwards it; the kit learns what follows from
                // its next registry pull.
                await MoveAsync(db, recorded, RecordStatus.SentForEnrollment,
                    $"Received by the regional server {receipt.ReceivedAt:yyyy-MM-dd HH:mm:ss} UTC", ct);
            }
            else
            {
                await MoveAsync(db, recorded, RecordStatus.SentForEnrollment, "Packet sent to the centre", ct);
                await MoveAsync(db, recorded, RecordStatus.ReceivedAtCentral,
                    $"Received at the centre {receipt.ReceivedAt:yyyy-MM-dd HH:mm:ss} UTC", ct);
            }
            await db.SaveChangesAsync(ct);
            LogSent(logger, packet.Id, entry.Attempts);
            return true;
        }
        catch (PacketRefusedException refused)
        {
            link.Success(); // the upstream answered: the link works, the packet does not
            _linkFailures = 0;
            entry.State = OutboxState.SetAside;
            entry.LastError = $"{refused.Code}: {refused.Reason}";
            await db.SaveChangesAsync(ct);
            LogSetAside(logger, packet.Id, refused.Code);
            return true;
        }
        catch (TransientUploadException failure)
        {
            link.Failure(failure.Message);
            _linkFailures++;
            entry.LastError = failure.Message;
            entry.NextAttemptAt = clock.GetUtcNow().UtcDateTime + Backoff(entry.Attempts);
            await db.SaveChangesAsync(CancellationToken.None);
            LogRetry(logger, packet.Id, entry.Attempts, entry.NextAttemptAt.Value);
            return false;
        }
    }

    private async Task RestoreLastContactAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
            var stored = await db.Settings.AsNoTracking().Where(s => s.Key == LastContactKey).Select(s => s.Value)
                .SingleOrDefaultAsync(ct);
            if (DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                link.Restore(at);
                _savedContact = at;
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            LogLoopError(logger, ex); // the figure is for the operator; sending does not depend on it
        }
    }

    /// <summary>Keeps the last contact in the database, at most once a minute.</summary>
    private async Task SaveLastContactAsync(CancellationToken ct)
    {
        if (link.LastContact is not { } contact ||
            (_savedContact is { } saved && contact - saved < TimeSpan.FromMinutes(1)))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var row = await db.Settings.FindAsync([LastContactKey], ct);
        var value = contact.ToString("O", CultureInfo.InvariantCulture);
        if (row is null)
        {
            db.Settings.Add(new SettingRecord { Key = LastContactKey, Value = value });
        }
        else
        {
            row.Value = value;
        }

        await db.SaveChangesAsync(ct);
        _savedContact = contact;
    }

    /// <summary>Exponential back-off with "equal jitter": half the delay fixed, half random, so offices do not
    /// all reconnect at the same instant when a regional link comes back.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponential = settings.OutboxRetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = Math.Min(exponential, settings.OutboxRetryMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private async Task MoveAsync(RegionalDbContext db, string? nik, RecordStatus to, string reason,
        CancellationToken ct)
    {
        if (nik is null)
        {
            return;
        }

        var resident = await db.Residents.SingleAsync(r => r.Nik == nik, ct);
        if (resident.Status == to || !RecordLifecycle.CanMove(resident.Status, to))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.StatusEvents.Add(new StatusEvent { Nik = nik, From = resident.Status, To = to, At = now, Reason = reason, By = "outbox" });
        resident.Status = to;
        resident.StatusSince = now;
        resident.StatusReason = reason;
        resident.UpdatedAt = now;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Packet {PacketId} received upstream after {Attempts} attempt(s)")]
    private static partial void LogSent(ILogger logger, Guid packetId, int attempts);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Packet {PacketId} set aside: {Code}")]
    private static partial void LogSetAside(ILogger logger, Guid packetId, string code);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Packet {PacketId} not sent (attempt {Attempts}); next try at {NextAttempt}")]
    private static partial void LogRetry(ILogger logger, Guid packetId, int attempts, DateTime nextAttempt);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Outbox sender loop failed; it will try again")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}

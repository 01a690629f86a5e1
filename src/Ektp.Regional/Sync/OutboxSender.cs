using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Sync;

/// <summary>
/// Store-and-forward towards the centre: sends pending outbox packets in order of recording, one at a time, each
/// sealed once (signed by this office, encrypted for the centre) and uploaded resumably. A broken link backs off
/// exponentially with jitter and retries forever; a packet the centre refuses is set aside with its reason so it
/// never blocks the packets behind it. Nothing is deleted: the outbox row only changes state.
/// </summary>
internal sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    RegionalSettings settings,
    RegionalInfo region,
    RegionalKeys keys,
    LinkMonitor link,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public const string HttpClientName = "central";

    /// <summary>Transient failures in a row, across packets: while the link is down the whole sender backs off,
    /// instead of polling the dead link every interval with the next packet.</summary>
    private int _linkFailures;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(SendDueAsync, IdleDelay, ex =>
        {
            // Whatever one round threw (a reset socket surfaced raw, a busy database), back off as for a dead link.
            _linkFailures++;
            LogLoopError(logger, ex);
        }, clock, stoppingToken);

    /// <summary>The poll interval, or the back-off of the failures in a row while the link is down.</summary>
    private TimeSpan IdleDelay() => _linkFailures == 0
        ? settings.OutboxPollInterval
        : TimeSpan.FromTicks(Math.Max(settings.OutboxPollInterval.Ticks, Backoff(_linkFailures).Ticks));

    /// <summary>Sends every due packet, oldest first; stops at the first transient failure (the link is down).</summary>
    public async Task<bool> SendDueAsync(CancellationToken ct)
    {
        var client = new CentralClient(httpFactory.CreateClient(HttpClientName));
        var centreKey = await CentralKeyAsync(client, ct);
        if (centreKey is null)
        {
            return false;
        }

        using (centreKey)
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

                if (!await SendOneAsync(db, client, entry, centreKey, ct))
                {
                    return any;
                }

                any = true;
            }

            return any;
        }
    }

    private async Task<System.Security.Cryptography.ECDiffieHellman?> CentralKeyAsync(CentralClient client,
        CancellationToken ct)
    {
        var pinned = keys.LoadCentralKey();
        if (pinned is not null)
        {
            return pinned;
        }

        try
        {
            keys.PinCentralKey(await client.FetchEncryptionKeyAsync(ct));
            link.Success();
            return keys.LoadCentralKey();
        }
        catch (TransientUploadException ex)
        {
            link.Failure(ex.Message);
            _linkFailures++;
            return null;
        }
    }

    /// <returns>False when the link failed and the sender should back off.</returns>
    private async Task<bool> SendOneAsync(RegionalDbContext db, CentralClient client, OutboxEntry entry,
        System.Security.Cryptography.ECDiffieHellman centreKey, CancellationToken ct)
    {
        var packet = await db.Packets.SingleAsync(p => p.Id == entry.PacketId, ct);
        if (packet.Envelope is null)
        {
            packet.Envelope = PacketEnvelope.Seal(packet.Content, packet.Id, region.Digits, keys.Office, centreKey);
            packet.EnvelopeSha256 = PacketBuilder.Sha256Hex(packet.Envelope);
            await MoveAsync(db, packet.Nik, RecordStatus.Processing, "Packet sealed for the centre", ct);
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
            await MoveAsync(db, packet.Nik, RecordStatus.SentForEnrollment, "Packet sent to the centre", ct);
            await MoveAsync(db, packet.Nik, RecordStatus.ReceivedAtCentral,
                $"Received at the centre {receipt.ReceivedAt:yyyy-MM-dd HH:mm:ss} UTC", ct);
            await db.SaveChangesAsync(ct);
            LogSent(logger, packet.Id, entry.Attempts);
            return true;
        }
        catch (PacketRefusedException refused)
        {
            link.Success(); // the centre answered: the link works, the packet does not
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

    /// <summary>Exponential back-off with "equal jitter": half the delay fixed, half random, so offices do not
    /// all reconnect at the same instant when a regional link comes back.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponential = settings.OutboxRetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = Math.Min(exponential, settings.OutboxRetryMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private async Task MoveAsync(RegionalDbContext db, string nik, RecordStatus to, string reason, CancellationToken ct)
    {
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

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Packet {PacketId} received by the centre after {Attempts} attempt(s)")]
    private static partial void LogSent(ILogger logger, Guid packetId, int attempts);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Packet {PacketId} set aside: {Code}")]
    private static partial void LogSetAside(ILogger logger, Guid packetId, string code);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Packet {PacketId} not sent (attempt {Attempts}); next try at {NextAttempt}")]
    private static partial void LogRetry(ILogger logger, Guid packetId, int attempts, DateTime nextAttempt);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Outbox sender loop failed; it will try again")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}

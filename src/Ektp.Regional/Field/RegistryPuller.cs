using System.Globalization;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Registry;
using Ektp.Regional.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional.Field;

/// <summary>
/// A field kit's copy of the registry: pulls the residents of its region (or of its <c>--area</c>) from the regional
/// server, page by page (`GET /api/field/registry`, signed), at start, on demand (`POST /api/field-kit/pull`, the
/// queue page's button) and every <see cref="RegionalSettings.RegistryPullInterval"/>, so the operator can find
/// residents while offline. The regional server is the master: biodata and status are taken from it, except the
/// status of a resident whose packet still waits in the kit's outbox (the regional server does not know it yet).
/// Each page is written in one transaction; a pull broken by the link is simply done again.
/// </summary>
internal sealed partial class RegistryPuller(
    IServiceScopeFactory scopes,
    RegionalSettings settings,
    LinkMonitor link,
    RegistryPullState state,
    IHttpClientFactory httpFactory,
    TimeProvider clock,
    ILogger<RegistryPuller> logger) : BackgroundService
{
    public const string PulledAtKey = "registry-pulled-at";
    public const string CountKey = "registry-residents";

    private DateTimeOffset _nextPull = DateTimeOffset.MinValue;
    private int _failures;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(RoundAsync, () => settings.OutboxPollInterval, ex =>
        {
            Failed(ex.Message);
            LogPullError(logger, ex);
        }, clock, stoppingToken);

    /// <summary>Pulls when due (first round, asked for, interval passed, or retry after a failure).</summary>
    private async Task<bool> RoundAsync(CancellationToken ct)
    {
        if (!state.TakeRequest() && clock.GetUtcNow() < _nextPull)
        {
            return false;
        }

        try
        {
            var count = await PullAsync(ct);
            _failures = 0;
            _nextPull = clock.GetUtcNow() + settings.RegistryPullInterval;
            LogPulled(logger, count, settings.Area ?? "all");
        }
        catch (Exception ex) when (ex is TransientUploadException or PacketRefusedException)
        {
            Failed(ex.Message);
        }

        return false;
    }

    private void Failed(string message)
    {
        _failures++;
        state.LastError = message;
        link.Failure(message);
        var delay = Math.Min(settings.OutboxRetryMax.TotalMilliseconds,
            settings.OutboxRetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 20)));
        _nextPull = clock.GetUtcNow() + TimeSpan.FromMilliseconds((delay / 2) + (Random.Shared.NextDouble() * delay / 2));
    }

    /// <summary>Pulls the whole slice; returns how many residents it held.</summary>
    public async Task<int> PullAsync(CancellationToken ct)
    {
        state.Running = true;
        try
        {
            var client = new UpstreamClient(httpFactory.CreateClient(OutboxSender.HttpClientName), "the regional server");
            var area = settings.Area is null ? "" : "&area=" + Uri.EscapeDataString(settings.Area);
            string? after = null;
            var count = 0;
            do
            {
                var page = await client.GetJsonAsync(string.Create(CultureInfo.InvariantCulture,
                    $"api/field/registry?limit={settings.RegistryPageSize}{area}") +
                    (after is null ? "" : "&after=" + after), ct);
                link.Success();
                var entries = page.GetProperty("items").Deserialize<List<RegistryEntry>>(JsonSerializerOptions.Web) ?? [];
                count += await ApplyPageAsync(entries, ct);
                after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String
                    ? next.GetString()
                    : null;
                state.Progress = count;
            }
            while (after is not null);

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
            var now = clock.GetUtcNow();
            await SetAsync(db, PulledAtKey, now.ToString("O", CultureInfo.InvariantCulture), ct);
            await SetAsync(db, CountKey, count.ToString(CultureInfo.InvariantCulture), ct);
            await db.SaveChangesAsync(ct);
            state.LastPull = now;
            state.Residents = count;
            state.LastError = null;
            return count;
        }
        finally
        {
            state.Running = false;
        }
    }

    private async Task<int> ApplyPageAsync(List<RegistryEntry> entries, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var niks = entries.Select(e => e.Nik).ToList();
        var existing = await db.Residents.Where(r => niks.Contains(r.Nik)).ToDictionaryAsync(r => r.Nik, ct);
        var waiting = (await (from o in db.Outbox
                              join p in db.Packets on o.PacketId equals p.Id
                              where o.State == OutboxState.Pending && niks.Contains(p.Nik)
                              select p.Nik).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var applied = 0;
        var position = 0;
        foreach (var entry in entries)
        {
            position++;
            if (!TryRead(entry, out var resident, out var status, out var where))
            {
                LogEntrySkipped(logger, position, entries.Count); // never the NIK: logs hold no personal data
                continue;
            }

            applied++;
            if (!existing.TryGetValue(entry.Nik, out var record))
            {
                record = ResidentRecord.From(resident, status, entry.StatusSince);
                Copy(record, entry, where, now);
                db.Residents.Add(record);
                continue;
            }

            if (!record.HasSameBiodata(resident))
            {
                record.SetBiodata(resident);
                record.UpdatedAt = now;
            }

            if (waiting.Contains(entry.Nik) || (record.Status == status && record.StatusReason == entry.StatusReason))
            {
                continue;
            }

            if (record.Status != status)
            {
                db.StatusEvents.Add(new StatusEvent
                {
                    Nik = record.Nik,
                    From = record.Status,
                    To = status,
                    At = now,
                    Reason = entry.StatusReason ?? "Status at the regional server",
                    By = "regional",
                });
            }

            record.Status = status;
            Copy(record, entry, where, now);
        }

        await db.SaveChangesAsync(ct);
        return applied;
    }

    private static void Copy(ResidentRecord record, RegistryEntry entry, RecordingLocation? where, DateTime now)
    {
        record.StatusSince = entry.StatusSince;
        record.StatusReason = entry.StatusReason;
        record.RecordedAt = entry.RecordedAt;
        record.RecordedWhere = where;
        record.UpdatedAt = now;
    }

    private static bool TryRead(RegistryEntry e, out Resident resident, out RecordStatus status,
        out RecordingLocation? where)
    {
        resident = null!;
        where = null;
        if (!RecordLifecycle.TryParse(e.Status, out status) || !Nik.TryCreate(e.Nik, out var nik) ||
            !KkNumber.TryCreate(e.KkNumber, out var kk) ||
            !Enum.TryParse<Sex>(e.Sex, out var sex) || !Enum.TryParse<BloodType>(e.BloodType, out var blood) ||
            !Enum.TryParse<Religion>(e.Religion, out var religion) ||
            !Enum.TryParse<MaritalStatus>(e.MaritalStatus, out var marital) ||
            !Enum.TryParse<Citizenship>(e.Citizenship, out var citizenship) ||
            !Enum.TryParse<Education>(e.Education, out var education))
        {
            return false;
        }

        if (e.RecordedWhere is not null)
        {
            if (!Enum.TryParse<RecordingLocation>(e.RecordedWhere, out var location))
            {
                return false;
            }

            where = location;
        }

        resident = new Resident
        {
            Nik = nik,
            Kk = kk,
            Name = e.Name,
            BirthPlace = e.BirthPlace,
            BirthDate = e.BirthDate,
            Sex = sex,
            BloodType = blood,
            Address = e.Address,
            Rt = e.Rt,
            Rw = e.Rw,
            KelurahanCode = e.KelurahanCode,
            Religion = religion,
            MaritalStatus = marital,
            Occupation = e.Occupation,
            Citizenship = citizenship,
            Education = education,
            MotherName = e.MotherName,
        };
        return true;
    }

    private static async Task SetAsync(RegionalDbContext db, string key, string value, CancellationToken ct)
    {
        var row = await db.Settings.FindAsync([key], ct);
        if (row is null)
        {
            db.Settings.Add(new SettingRecord { Key = key, Value = value });
        }
        else
        {
            row.Value = value;
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information,
        Message = "Registry pulled from the regional server: {Count} residents (area {Area})")]
    private static partial void LogPulled(ILogger logger, int count, string area);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Registry entry {Position} of {Count} in a page from the regional server is not readable; skipped")]
    private static partial void LogEntrySkipped(ILogger logger, int position, int count);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Registry pull failed; it will try again")]
    private static partial void LogPullError(ILogger logger, Exception exception);
}

/// <summary>What the operator sees of the kit's registry copy: last pull, residents, a pull running or asked for.</summary>
internal sealed class RegistryPullState
{
    private int _requested;

    public DateTimeOffset? LastPull { get; set; }
    public int? Residents { get; set; }
    public bool Running { get; set; }
    public int Progress { get; set; }
    public string? LastError { get; set; }

    /// <summary>Asks the puller to pull at its next round (within a poll interval).</summary>
    public void Request() => Interlocked.Exchange(ref _requested, 1);

    public bool TakeRequest() => Interlocked.Exchange(ref _requested, 0) == 1;
}

using System.Globalization;
using Ektp.Biometrics;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Cli.Demo;

/// <summary>A regional server of the demo: its code, a name to print, where it listens and its services (for its
/// registry).</summary>
internal sealed record DemoRegion(string Code, string Name, string Url, IServiceProvider Services, HttpClient Http);

/// <summary>
/// The demo's stream of enrollments: every few seconds a resident of Kota Dumai who is not yet recorded is recorded
/// through the regional server's real `POST /api/enrollments` with one finger of the development images that nobody
/// else in the stream has, so a person watching sees records go on to PRINT_READY_RECORD. The first of them is
/// recorded again, with another impression of the same finger, under another NIK in a second region (the planted
/// duplicate), once the centre has singled it: the centre opens a case for adjudication.
/// </summary>
internal sealed class DemoStream(
    DemoRegion home,
    DemoRegion twinRegion,
    string centralUrl,
    TimeSpan interval,
    DemoLedger ledger,
    TextWriter output) : IDisposable
{
    private const int RecordingAge = 18;

    private static readonly HashSet<string> Final = new(StringComparer.Ordinal)
    {
        RecordLifecycle.Code(RecordStatus.PrintReadyRecord), RecordLifecycle.Code(RecordStatus.DuplicateRecord),
        RecordLifecycle.Code(RecordStatus.AdjudicateRecord), RecordLifecycle.Code(RecordStatus.EnrollFailureAtCentral),
    };

    private static readonly HashSet<string> OnTheWay = new(StringComparer.Ordinal)
    {
        RecordLifecycle.Code(RecordStatus.BioCaptured), RecordLifecycle.Code(RecordStatus.Processing),
        RecordLifecycle.Code(RecordStatus.SentForEnrollment), RecordLifecycle.Code(RecordStatus.ReceivedAtCentral),
    };

    private readonly Random _random = new(1472);
    private readonly HashSet<string> _picked = new(StringComparer.Ordinal);
    private readonly List<Tracked> _tracked = [];
    private bool _cannotPlant;

    public async Task RunAsync(CancellationToken ct)
    {
        if (DemoFingers.Load() is not { } set)
        {
            Say($"No development fingerprint images ({DemoFingers.SampleSet} or {DemoFingers.SharedSet}): no stream.");
            return;
        }

        var free = new Queue<DemoFinger>(set.Fingers.Where(f => !ledger.IsUsed(f.Key)));
        Say(string.Create(CultureInfo.InvariantCulture,
            $"Stream: a {home.Name} enrollment every {interval.TotalSeconds:0.#} s, one development finger per " +
            $"person ({set.Fingers.Count} fingers in {set.Source}; {set.Fingers.Count - free.Count} used by " +
            $"earlier runs)"));
        var planted = ledger.Data.Planted;
        while (!ct.IsCancellationRequested)
        {
            if (planted is null && !_cannotPlant && free.Count > 0)
            {
                planted = await PlantOriginalAsync(free, ct);
            }
            else if (planted is { TwinNik: null } && await OriginalDecidedAsync(planted, ct))
            {
                planted = await PlantTwinAsync(set.Fingers, planted, ct);
            }
            else if (free.TryDequeue(out var finger))
            {
                await RecordAsync(home, finger, finger.Impressions, ct);
            }
            else if (_tracked.TrueForAll(t => t.Done) && planted is not { TwinNik: null })
            {
                Say($"Stream finished: all {set.Fingers.Count} development fingers are recorded (a fresh --data " +
                    "folder starts over). The servers keep running; Ctrl+C stops them.");
                return;
            }

            await ReportAsync(ct);
            await Task.Delay(interval, ct);
        }
    }

    /// <summary>
    /// Records the first Kota Dumai person of the planted duplicate: a finger with two impressions the engine
    /// matches with certainty (checked here, as the centre would), the first recorded now, the other kept for the
    /// second region.
    /// </summary>
    private async Task<DemoLedger.PlantedDuplicate?> PlantOriginalAsync(Queue<DemoFinger> free, CancellationToken ct)
    {
        foreach (var finger in free.ToList())
        {
            if (PairOf(finger) is not { } pair)
            {
                continue;
            }

            var (original, twin) = pair;

            var recorded = await RecordAsync(home, finger, [original], ct);
            if (ledger.IsUsed(finger.Key))
            {
                var rest = free.Where(f => f.Key != finger.Key).ToList();
                free.Clear();
                rest.ForEach(free.Enqueue);
            }

            if (recorded is null)
            {
                return null;
            }

            ledger.Data.Planted = new DemoLedger.PlantedDuplicate(finger.Key, recorded.Nik,
                DemoFinger.ImpressionName(original), DemoFinger.ImpressionName(twin), TwinNik: null);
            ledger.Save();
            Say($"  (this finger is recorded again in {twinRegion.Name} under another NIK once the centre has " +
                "decided on this one: the planted duplicate)");
            return ledger.Data.Planted;
        }

        _cannotPlant = true;
        Say("No unused finger has two impressions that match at the centre's threshold: no duplicate is planted.");
        return null;
    }

    private async Task<bool> OriginalDecidedAsync(DemoLedger.PlantedDuplicate planted, CancellationToken ct)
    {
        try
        {
            var (status, _) = await DemoEnrollments.StatusAsync(home.Http, home.Url, planted.OriginalNik, ct);
            return !OnTheWay.Contains(status);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<DemoLedger.PlantedDuplicate> PlantTwinAsync(IReadOnlyList<DemoFinger> fingers,
        DemoLedger.PlantedDuplicate planted, CancellationToken ct)
    {
        var finger = fingers.FirstOrDefault(f => f.Key == planted.Finger);
        var twin = finger?.Impressions.FirstOrDefault(p => DemoFinger.ImpressionName(p) == planted.TwinImpression);
        if (finger is null || twin is null)
        {
            Say($"The planted duplicate's finger {planted.Finger} is no longer among the development images; " +
                "no duplicate is planted.");
            return ledger.Data.Planted = planted with { TwinNik = "-" };
        }

        var recorded = await RecordAsync(twinRegion, finger, [twin], ct, duplicateOf: planted);
        if (recorded is null)
        {
            return planted;
        }

        ledger.Data.Planted = planted with { TwinNik = recorded.Nik };
        ledger.Save();
        return ledger.Data.Planted;
    }

    /// <summary>
    /// Records <paramref name="finger"/> for an unrecorded adult of <paramref name="region"/>, trying the
    /// impressions in order when the quality gate asks for another capture and another resident when this one cannot
    /// be recorded. Returns null when nothing was recorded.
    /// </summary>
    private async Task<Tracked?> RecordAsync(DemoRegion region, DemoFinger finger, IReadOnlyList<string> impressions,
        CancellationToken ct, DemoLedger.PlantedDuplicate? duplicateOf = null)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await PickResidentAsync(region, ct) is not { } resident)
            {
                Say($"{region.Name}: no unrecorded adult left to record.");
                return null;
            }

            var (nik, name) = resident;

            foreach (var impression in impressions)
            {
                if (duplicateOf is null)
                {
                    ledger.Reserve(finger.Key, nik, region.Code);
                }

                EnrollmentResult result;
                try
                {
                    result = await DemoEnrollments.PostAsync(region.Http, region.Url, nik, $"demo.{region.Code}", finger,
                        impression, ct);
                }
                catch (HttpRequestException ex)
                {
                    Say($"{region.Name}: recording {nik} failed ({ex.Message}); {finger.Key} stays used.");
                    return null;
                }

                if (result is EnrollmentResult.Recorded recorded)
                {
                    if (duplicateOf is null)
                    {
                        ledger.MarkSent(finger.Key);
                    }

                    var tracked = new Tracked(region, nik, name, DateTime.UtcNow);
                    _tracked.Add(tracked);
                    SayRecorded(region, nik, name, finger, impression, recorded.PacketId, duplicateOf);
                    return tracked;
                }

                var refused = (EnrollmentResult.Refused)result;
                if (duplicateOf is null)
                {
                    ledger.Release(finger.Key);
                }

                if (!refused.IsAboutTheFinger)
                {
                    Say($"{region.Name}: {nik} {name} cannot be recorded ({refused.Code}); taking someone else.");
                    break;
                }

                Say($"{region.Name}: {finger.Key} impression {DemoFinger.ImpressionName(impression)} refused " +
                    $"({refused.Code}: {refused.Detail}); the operator captures it again.");
            }
        }

        return null;
    }

    private void SayRecorded(DemoRegion region, string nik, string name, DemoFinger finger, string impression,
        Guid packetId, DemoLedger.PlantedDuplicate? duplicateOf)
    {
        if (duplicateOf is null)
        {
            Say($"{region.Name}: recorded {nik} {name} (finger {finger.Key}, impression " +
                $"{DemoFinger.ImpressionName(impression)}), packet {packetId}");
            return;
        }

        Say($"PLANTED DUPLICATE sent: {region.Name} ({region.Code}) recorded {nik} {name} with impression " +
            $"{DemoFinger.ImpressionName(impression)} of finger {finger.Key}, the finger {home.Name} recorded for " +
            $"{duplicateOf.OriginalNik} ({duplicateOf.OriginalImpression}); the centre opens a case: " +
            $"{centralUrl.TrimEnd('/')}/kasus");
    }

    /// <summary>A random unrecorded adult of the region's registry not picked before in this run.</summary>
    private async Task<(string Nik, string Name)?> PickResidentAsync(DemoRegion region, CancellationToken ct)
    {
        await using var scope = region.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var adult = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-RecordingAge);
        var unrecorded = db.Residents.AsNoTracking()
            .Where(r => r.Status == RecordStatus.Unregistered && r.BirthDate <= adult);
        var count = await unrecorded.CountAsync(ct);
        for (var tries = 0; tries < 20 && count > 0; tries++)
        {
            var resident = await unrecorded.OrderBy(r => r.Nik).Skip(_random.Next(count))
                .Select(r => new { r.Nik, r.Name }).FirstOrDefaultAsync(ct);
            if (resident is not null && _picked.Add(resident.Nik))
            {
                return (resident.Nik, resident.Name);
            }
        }

        return null;
    }

    /// <summary>Prints each recorded person's decision as it reaches the regional server.</summary>
    private async Task ReportAsync(CancellationToken ct)
    {
        foreach (var tracked in _tracked.Where(t => !t.Done))
        {
            string status;
            string? reason;
            try
            {
                (status, reason) = await DemoEnrollments.StatusAsync(tracked.Region.Http, tracked.Region.Url, tracked.Nik, ct);
            }
            catch (HttpRequestException)
            {
                continue;
            }

            if (Final.Contains(status))
            {
                tracked.Done = true;
                var seconds = (DateTime.UtcNow - tracked.RecordedAt).TotalSeconds;
                Say(string.Create(CultureInfo.InvariantCulture,
                    $"{tracked.Region.Name}: {tracked.Nik} {tracked.Name} is {status} ({seconds:0} s after " +
                    $"recording){(reason is null ? "" : ": " + reason)}"));
            }
        }
    }

    /// <summary>
    /// The impression to record first (the first that passes the quality gate) and the one for the second region: the
    /// other usable impression that matches it best, if that reaches the centre's threshold.
    /// </summary>
    private static (string Original, string Twin)? PairOf(DemoFinger finger)
    {
        var usable = finger.Impressions
            .Select(path => (Path: path, Template: Extract(path, finger.Dpi)))
            .Where(i => i.Template is not null && FingerprintQuality.RejectionReason(i.Template) is null)
            .ToList();
        if (usable.Count < 2)
        {
            return null;
        }

        var original = usable[0];
        var best = usable.Skip(1).MaxBy(i => FingerprintMatcher.Score(original.Template!, i.Template!));
        return FingerprintMatcher.Score(original.Template!, best.Template!) >= FingerprintMatcher.DefaultThreshold
            ? (original.Path, best.Path)
            : null;
    }

    private static FingerprintTemplate? Extract(string path, int dpi)
    {
        try
        {
            return FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(path), dpi));
        }
        catch (FingerprintImageException)
        {
            return null;
        }
    }

    private void Say(string line) =>
        output.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {line}");

    public void Dispose()
    {
        home.Http.Dispose();
        twinRegion.Http.Dispose();
    }

    private sealed class Tracked(DemoRegion region, string nik, string name, DateTime recordedAt)
    {
        public DemoRegion Region { get; } = region;
        public string Nik { get; } = nik;
        public string Name { get; } = name;
        public DateTime RecordedAt { get; } = recordedAt;
        public bool Done { get; set; }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Core.Lifecycle;

namespace Ektp.Central.Decisions;

/// <summary>Builds decision rows and the print permits the centre signs.</summary>
internal static class DecisionLog
{
    public const string PipelineStep = "pipeline";
    public const string CaseStep = "case";
    public const string RulingStep = "ruling";

    /// <summary>A notice to the region of the NIK a same-person ruling kept (kind <c>NOTICE</c>).</summary>
    public const string NoticeStep = "notice";

    /// <summary>Longest reason a decision row holds.</summary>
    public const int MaxReason = 1000;

    /// <summary>
    /// Every transaction that appends decisions holds this gate until it commits, so a feed reader never sees
    /// sequence 8 committed while 7 is still in flight and skips it for good. The central server is one process.
    /// </summary>
    public static SemaphoreSlim Gate { get; } = new(1, 1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Code(RecordStatus status) => RecordLifecycle.Code(status);

    public static DecisionRecord PrintReady(CentralKeys keys, string step, Guid packetId, string nik, string region,
        DateTime recordedAt, DateTime now, string reason)
    {
        var permit = JsonSerializer.Serialize(
            new PrintPermit(Guid.CreateVersion7(now), packetId, nik, region, new DateTimeOffset(now, TimeSpan.Zero)), Json);
        var signature = keys.Signing.SignData(Encoding.UTF8.GetBytes(permit), HashAlgorithmName.SHA256);
        return new DecisionRecord
        {
            PacketId = packetId,
            Step = step,
            Kind = Code(RecordStatus.PrintReadyRecord),
            RegionCode = region,
            Nik = nik,
            Reason = Fit(reason),
            Permit = permit,
            PermitSignature = Convert.ToBase64String(signature),
            RecordedAt = recordedAt,
            DecidedAt = now,
        };
    }

    public static DecisionRecord Other(RecordStatus kind, string step, Guid packetId, string nik, string region,
        DateTime recordedAt, DateTime now, string reason, long? caseId = null) => new()
        {
            PacketId = packetId,
            Step = step,
            Kind = Code(kind),
            RegionCode = region,
            Nik = nik,
            Reason = Fit(reason),
            CaseId = caseId,
            RecordedAt = recordedAt,
            DecidedAt = now,
        };

    /// <summary>
    /// A decision that moves no status: the region of <paramref name="nik"/> is told something about its record.
    /// Keyed by the packet whose ruling caused it, so each ruling notifies once.
    /// </summary>
    public static DecisionRecord Notice(Guid packetId, string nik, string region, DateTime recordedAt, DateTime now,
        string reason, long caseId) => new()
        {
            PacketId = packetId,
            Step = NoticeStep,
            Kind = RecordLifecycle.NoticeKind,
            RegionCode = region,
            Nik = nik,
            Reason = Fit(reason),
            CaseId = caseId,
            RecordedAt = recordedAt,
            DecidedAt = now,
        };

    /// <summary>Cuts a reason to the column's length, so a long adjudicator's note can never fail the commit.</summary>
    public static string Fit(string reason) => reason.Length <= MaxReason ? reason : reason[..(MaxReason - 1)] + "…";
}

/// <summary>Permission to print one e-KTP, signed by the centre (docs/transport.md).</summary>
internal sealed record PrintPermit(Guid PermitId, Guid PacketId, string Nik, string RegionCode, DateTimeOffset IssuedAt);

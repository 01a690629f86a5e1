using Ektp.Core.Residents;

namespace Ektp.Core.Changes;

/// <summary>
/// The outcome of checking or applying a change: allowed (with the updated resident and the history record when
/// applied) or refused with a stable <see cref="Code"/> and a reason in words.
/// </summary>
public sealed record ChangeOutcome
{
    private ChangeOutcome(bool isAllowed, string? code, string? reason, Resident? resident, ChangeRecord? record)
    {
        IsAllowed = isAllowed;
        Code = code;
        Reason = reason;
        Resident = resident;
        Record = record;
    }

    /// <summary>True when the change is allowed (and, from <see cref="ChangeRules.Apply"/>, applied).</summary>
    public bool IsAllowed { get; }

    /// <summary>The refusal code from <see cref="ChangeCodes"/>; null when allowed.</summary>
    public string? Code { get; }

    /// <summary>The refusal reason in plain English; null when allowed.</summary>
    public string? Reason { get; }

    /// <summary>The updated resident; set only by a successful <see cref="ChangeRules.Apply"/>.</summary>
    public Resident? Resident { get; }

    /// <summary>The history record to append; set only by a successful <see cref="ChangeRules.Apply"/>.</summary>
    public ChangeRecord? Record { get; }

    internal static ChangeOutcome Allowed() => new(true, null, null, null, null);

    internal static ChangeOutcome Applied(Resident resident, ChangeRecord record) =>
        new(true, null, null, resident, record);

    internal static ChangeOutcome Refused(string code, string reason) => new(false, code, reason, null, null);
}

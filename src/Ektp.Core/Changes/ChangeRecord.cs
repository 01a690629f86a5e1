namespace Ektp.Core.Changes;

/// <summary>
/// One applied change, kept by the caller in the resident's history; records are appended, never overwritten.
/// </summary>
/// <param name="Field">The field changed.</param>
/// <param name="OldValue">The value before, as text.</param>
/// <param name="NewValue">The value after, as text.</param>
/// <param name="CourtDecisionReference">The court decision that allowed it, if any.</param>
/// <param name="SupportingDocument">The supporting document, if any.</param>
/// <param name="At">When it was applied.</param>
/// <param name="By">Who applied it (operator id).</param>
public sealed record ChangeRecord(
    ResidentField Field,
    string OldValue,
    string NewValue,
    string? CourtDecisionReference,
    string? SupportingDocument,
    DateTimeOffset At,
    string By);

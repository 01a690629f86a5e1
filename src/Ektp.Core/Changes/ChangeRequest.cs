namespace Ektp.Core.Changes;

/// <summary>A request to change one field of a resident.</summary>
/// <param name="Field">The field.</param>
/// <param name="NewValue">The new value as text (SIAK text for coded fields, e.g. <c>KAWIN</c>, <c>P</c>).</param>
/// <param name="CourtDecisionReference">The reference of the court decision (penetapan pengadilan), if any.</param>
/// <param name="SupportingDocument">The reference of the supporting document (akta, ijazah, surat), if any.</param>
public sealed record ChangeRequest(
    ResidentField Field, string NewValue, string? CourtDecisionReference, string? SupportingDocument);

using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>The parse of a KK number with every error and warning found.</summary>
/// <param name="Input">The text analysed.</param>
/// <param name="Number">The KK number when the input has the format (16 digits).</param>
/// <param name="Kecamatan">The kecamatan of issue, when in today's list.</param>
/// <param name="IssuedOn">The date of issue, when the date digits form a real date.</param>
/// <param name="Serial">The last four digits as a number.</param>
/// <param name="Errors">What makes the number invalid (codes <c>kk-…</c>).</param>
/// <param name="Warnings">What is unusual but allowed.</param>
public sealed record KkAnalysis(
    string Input,
    KkNumber? Number,
    Region? Kecamatan,
    DateOnly? IssuedOn,
    int? Serial,
    IReadOnlyList<NikIssue> Errors,
    IReadOnlyList<NikIssue> Warnings)
{
    /// <summary>True when no error was found (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}

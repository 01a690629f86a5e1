using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>The parse of a NIK with every error and warning found; parts are null when they could not be read.</summary>
/// <param name="Input">The text analysed.</param>
/// <param name="Nik">The NIK when the input has the format (16 digits), even if other errors were found.</param>
/// <param name="Province">The province of the first two digits, when known.</param>
/// <param name="KabupatenKota">The kab/kota of the first four digits, when in today's list.</param>
/// <param name="Kecamatan">The kecamatan of the first six digits, when in today's list.</param>
/// <param name="BirthDate">The birth date, when the date digits form a real date.</param>
/// <param name="Sex">The sex read from the day (over 40 for women), when the day is valid.</param>
/// <param name="Serial">The last four digits as a number.</param>
/// <param name="Errors">What makes the NIK invalid.</param>
/// <param name="Warnings">What is unusual but allowed.</param>
public sealed record NikAnalysis(
    string Input,
    Nik? Nik,
    Region? Province,
    Region? KabupatenKota,
    Region? Kecamatan,
    DateOnly? BirthDate,
    Sex? Sex,
    int? Serial,
    IReadOnlyList<NikIssue> Errors,
    IReadOnlyList<NikIssue> Warnings)
{
    /// <summary>True when no error was found (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;
}

using System.Globalization;
using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>The rules of the KK number: kecamatan of issue, issue date <c>DDMMYY</c>, serial 0001–9999.</summary>
public static class KkRules
{
    /// <summary>Parses and checks a KK number, explaining every error and warning.</summary>
    /// <param name="input">The text to check; surrounding spaces are ignored.</param>
    /// <param name="today">The reference date: the issue year is the latest that is not after it.</param>
    /// <param name="regions">The region list.</param>
    /// <returns>The analysis.</returns>
    public static KkAnalysis Analyze(string input, DateOnly today, RegionCatalog regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        input ??= string.Empty;
        var errors = new List<NikIssue>();
        var warnings = new List<NikIssue>();
        var text = input.Trim();
        if (text.Length == 0)
        {
            errors.Add(new NikIssue(NikIssueCodes.KkEmpty, "No KK number was given: a KK number is 16 digits."));
            return new KkAnalysis(input, null, null, null, null, errors, warnings);
        }

        if (!RegionCodes.IsAsciiDigits(text))
        {
            errors.Add(new NikIssue(
                NikIssueCodes.KkNotDigits,
                "A KK number holds only the digits 0 to 9; this one also holds other characters."));
        }

        if (text.Length != KkNumber.Length)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.KkLength,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A KK number is 16 digits long; this one has {text.Length} characters.")));
        }

        if (!KkNumber.TryCreate(text, out var kk))
        {
            return new KkAnalysis(input, null, null, null, null, errors, warnings);
        }

        var (_, _, kecamatan) = RegionPrefix.Resolve(
            text, regions, "KK number", NikIssueCodes.KkProvinceUnknown, NikIssueCodes.KkRegionNotCurrent,
            errors, warnings);
        var day = RegionPrefix.TwoDigits(text, 6);
        var month = RegionPrefix.TwoDigits(text, 8);
        var yy = RegionPrefix.TwoDigits(text, 10);
        DateOnly? issued = day is >= 1 and <= 31 && month is >= 1 and <= 12
            ? RegionPrefix.ResolveCentury(day, month, yy, today)
            : null;
        if (issued is null)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.KkIssueDateInvalid,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Digits 7 to 12 of a KK number are its issue date DDMMYY; {text[6..12]} is not a real date.")));
        }

        if (kk.Serial == 0)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.KkSerialZero,
                "The last four digits are the serial number, which runs from 0001 to 9999; 0000 is never issued."));
        }

        return new KkAnalysis(input, kk, kecamatan, issued, kk.Serial, errors, warnings);
    }
}

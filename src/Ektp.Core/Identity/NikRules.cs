using System.Globalization;
using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>
/// The rules of the NIK <c>PP KK CC DDMMYY SSSS</c>: region of first registration (province, kab/kota, kecamatan),
/// birth date with 40 added to the day for women, and a serial 0001–9999 among people of that region and birth date.
/// </summary>
public static class NikRules
{
    /// <summary>The highest serial a NIK can carry.</summary>
    public const int MaxSerial = 9999;

    /// <summary>
    /// Parses and checks a NIK, explaining every error and warning. The two-digit year is put in the latest century
    /// that does not place the birth after <paramref name="today"/>.
    /// </summary>
    /// <param name="input">The text to check; surrounding spaces are ignored.</param>
    /// <param name="today">The reference date for the century of the birth year.</param>
    /// <param name="regions">The region list to check the first 6 digits against.</param>
    /// <returns>The analysis.</returns>
    public static NikAnalysis Analyze(string input, DateOnly today, RegionCatalog regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        input ??= string.Empty;
        var errors = new List<NikIssue>();
        var warnings = new List<NikIssue>();
        var text = input.Trim();
        if (text.Length == 0)
        {
            errors.Add(new NikIssue(NikIssueCodes.Empty, "No NIK was given: a NIK is 16 digits."));
            return Result(null, null, null, null, null);
        }

        if (!RegionCodes.IsAsciiDigits(text))
        {
            errors.Add(new NikIssue(
                NikIssueCodes.NotDigits,
                "A NIK holds only the digits 0 to 9; this one also holds other characters."));
        }

        if (text.Length != Nik.Length)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.Length,
                string.Create(
                    CultureInfo.InvariantCulture, $"A NIK is 16 digits long; this one has {text.Length} characters.")));
        }

        if (!Nik.TryCreate(text, out var nik))
        {
            return Result(null, null, null, null, null);
        }

        var (province, kabKota, kecamatan) = RegionPrefix.Resolve(
            text, regions, "NIK", NikIssueCodes.ProvinceUnknown, NikIssueCodes.RegionNotCurrent, errors, warnings);

        var rawDay = RegionPrefix.TwoDigits(text, 6);
        var month = RegionPrefix.TwoDigits(text, 8);
        var yy = RegionPrefix.TwoDigits(text, 10);
        Sex? sex = rawDay switch
        {
            >= 1 and <= 31 => Identity.Sex.Male,
            >= 41 and <= 71 => Identity.Sex.Female,
            _ => null,
        };
        if (sex is null)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.BirthDayInvalid,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The birth day digits are {0:D2}: they must be 01 to 31 for a man, or 41 to 71 for a woman "
                    + "(40 is added to a woman's birth day).",
                    rawDay)));
        }

        var monthValid = month is >= 1 and <= 12;
        if (!monthValid)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.BirthMonthInvalid,
                string.Create(
                    CultureInfo.InvariantCulture, $"The birth month digits are {month:D2}: they must be 01 to 12.")));
        }

        DateOnly? birthDate = null;
        if (sex is not null && monthValid)
        {
            var day = sex == Identity.Sex.Female ? rawDay - 40 : rawDay;
            birthDate = RegionPrefix.ResolveCentury(day, month, yy, today);
            if (birthDate is null)
            {
                errors.Add(new NikIssue(
                    NikIssueCodes.BirthDateInvalid,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Day {day} of month {month} in a year ending in {yy:D2} is not a real date.")));
            }
        }

        var serial = nik.Serial;
        if (serial == 0)
        {
            errors.Add(new NikIssue(
                NikIssueCodes.SerialZero,
                "The last four digits are the serial number, which runs from 0001 to 9999; 0000 is never issued."));
        }

        return Result(nik, birthDate, sex, serial, (province, kabKota, kecamatan));

        NikAnalysis Result(
            Nik? value, DateOnly? birth, Sex? s, int? number,
            (Region? Province, Region? KabKota, Region? Kecamatan)? where) =>
            new(input, value, where?.Province, where?.KabKota, where?.Kecamatan, birth, s, number, errors, warnings);
    }

    /// <summary>
    /// Checks that a NIK agrees with a recorded birth date and sex (as a SIAK import must).
    /// </summary>
    /// <param name="nik">The NIK.</param>
    /// <param name="birthDate">The recorded birth date.</param>
    /// <param name="sex">The recorded sex.</param>
    /// <returns>Null when consistent; otherwise the contradiction, in words.</returns>
    public static NikIssue? CheckAgainst(Nik nik, DateOnly birthDate, Sex sex)
    {
        var digits = nik.BirthDigits;
        var rawDay = RegionPrefix.TwoDigits(digits, 0);
        var nikSex = rawDay > 40 ? Sex.Female : Sex.Male;
        var day = nikSex == Sex.Female ? rawDay - 40 : rawDay;
        var month = RegionPrefix.TwoDigits(digits, 2);
        var yy = RegionPrefix.TwoDigits(digits, 4);
        if (day != birthDate.Day || month != birthDate.Month || yy != birthDate.Year % 100)
        {
            return new NikIssue(
                NikIssueCodes.BirthDateMismatch,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The NIK {0} encodes the birth date digits {1} (day {2:D2}, month {3:D2}, year ending {4:D2}), "
                    + "which does not match the recorded birth date {5:dd-MM-yyyy}.",
                    nik, digits, day, month, yy, birthDate));
        }

        if (nikSex != sex)
        {
            return new NikIssue(
                NikIssueCodes.SexMismatch,
                nikSex == Sex.Female
                    ? $"The NIK {nik} is a woman's (40 is added to the birth day), but the record says male."
                    : $"The NIK {nik} is a man's (the birth day has no 40 added), but the record says female.");
        }

        return null;
    }

    /// <summary>
    /// Issues the NIK with the lowest serial not yet used for this kecamatan, birth date and sex.
    /// </summary>
    /// <param name="kecamatanDigits6">The 6-digit kecamatan code where the NIK is issued.</param>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="sex">The sex.</param>
    /// <param name="usedSerials">The serials already used with the same first 12 digits.</param>
    /// <returns>The new NIK, or null when all 9999 serials are used.</returns>
    public static Nik? IssueNext(string kecamatanDigits6, DateOnly birthDate, Sex sex, IReadOnlySet<int> usedSerials)
    {
        ArgumentNullException.ThrowIfNull(usedSerials);
        for (var serial = 1; serial <= MaxSerial; serial++)
        {
            if (!usedSerials.Contains(serial))
            {
                return Nik.Compose(kecamatanDigits6, birthDate, sex, serial);
            }
        }

        return null;
    }
}

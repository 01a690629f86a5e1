using System.Globalization;
using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>Shared reading of the 6-digit region prefix and the <c>DDMMYY</c> date of NIK and KK numbers.</summary>
internal static class RegionPrefix
{
    public static (Region? Province, Region? KabKota, Region? Kecamatan) Resolve(
        string digits, RegionCatalog regions, string what, string unknownCode, string notCurrentCode,
        List<NikIssue> errors, List<NikIssue> warnings)
    {
        var province = regions.Find(digits[..2]);
        if (province is null)
        {
            errors.Add(new NikIssue(
                unknownCode,
                $"The first two digits of the {what}, {digits[..2]}, are not the code of any province."));
            return (null, null, null);
        }

        var kabKota = regions.Find(digits[..4]);
        var kecamatan = kabKota is null ? null : regions.Find(digits[..6]);
        if (kabKota is null || kecamatan is null)
        {
            var missing = kabKota is null
                ? $"the kabupaten/kota code {RegionCodes.ToDotted(digits[..4])}"
                : $"the kecamatan code {RegionCodes.ToDotted(digits[..6])}";
            warnings.Add(new NikIssue(
                notCurrentCode,
                $"The province {province.Name} is known, but {missing} is not in today's list of regions. "
                + "Regions have been split and renumbered over the years, so an older number can carry a code "
                + "that no longer exists."));
        }

        return (province, kabKota, kecamatan);
    }

    /// <summary>
    /// The year of <paramref name="yy"/> in the latest century that gives a real date not after
    /// <paramref name="today"/>; null when no such date exists in this century or the one before.
    /// </summary>
    public static DateOnly? ResolveCentury(int day, int month, int yy, DateOnly today)
    {
        var year = today.Year - (today.Year % 100) + yy;
        for (var attempt = 0; attempt < 2; attempt++, year -= 100)
        {
            if (year < 1 || day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var date = new DateOnly(year, month, day);
            if (date <= today)
            {
                return date;
            }
        }

        return null;
    }

    public static int TwoDigits(string digits, int start) =>
        int.Parse(digits.AsSpan(start, 2), NumberStyles.None, CultureInfo.InvariantCulture);
}

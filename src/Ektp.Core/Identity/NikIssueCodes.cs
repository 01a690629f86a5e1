namespace Ektp.Core.Identity;

/// <summary>The stable codes of <see cref="NikIssue"/> for NIKs and KK numbers.</summary>
public static class NikIssueCodes
{
    /// <summary>Error: nothing was given.</summary>
    public const string Empty = "nik-empty";

    /// <summary>Error: the NIK is not 16 characters long.</summary>
    public const string Length = "nik-length";

    /// <summary>Error: the NIK holds something other than the digits 0–9.</summary>
    public const string NotDigits = "nik-not-digits";

    /// <summary>Error: the first two digits are not a province.</summary>
    public const string ProvinceUnknown = "nik-province-unknown";

    /// <summary>Warning: the province exists but the kab/kota or kecamatan code is not in today's list.</summary>
    public const string RegionNotCurrent = "nik-region-not-current";

    /// <summary>Error: the day digits are neither 01–31 (men) nor 41–71 (women).</summary>
    public const string BirthDayInvalid = "nik-birth-day-invalid";

    /// <summary>Error: the month digits are not 01–12.</summary>
    public const string BirthMonthInvalid = "nik-birth-month-invalid";

    /// <summary>Error: day and month are each possible but do not form a date (31 April, 29 February of 2023).</summary>
    public const string BirthDateInvalid = "nik-birth-date-invalid";

    /// <summary>Error: the serial is 0000.</summary>
    public const string SerialZero = "nik-serial-zero";

    /// <summary>Contradiction: the NIK's date digits do not match the recorded birth date.</summary>
    public const string BirthDateMismatch = "nik-birth-date-mismatch";

    /// <summary>Contradiction: the NIK's day shows the other sex than the one recorded.</summary>
    public const string SexMismatch = "nik-sex-mismatch";

    /// <summary>Error: the KK number is not 16 characters long.</summary>
    public const string KkLength = "kk-length";

    /// <summary>Error: the KK number holds something other than the digits 0–9.</summary>
    public const string KkNotDigits = "kk-not-digits";

    /// <summary>Error: nothing was given as KK number.</summary>
    public const string KkEmpty = "kk-empty";

    /// <summary>Error: the KK number's first two digits are not a province.</summary>
    public const string KkProvinceUnknown = "kk-province-unknown";

    /// <summary>Warning: the KK number's kab/kota or kecamatan is not in today's list.</summary>
    public const string KkRegionNotCurrent = "kk-region-not-current";

    /// <summary>Error: the KK number's date digits are not a date.</summary>
    public const string KkIssueDateInvalid = "kk-issue-date-invalid";

    /// <summary>Error: the KK number's serial is 0000.</summary>
    public const string KkSerialZero = "kk-serial-zero";
}

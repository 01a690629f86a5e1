using Ektp.Core.Residents;

namespace Ektp.Core.Eligibility;

/// <summary>
/// Who must hold an e-KTP (wajib KTP): residents aged 17 or over, and anyone married or ever married whatever the
/// age. A person born on 29 February turns a year older on 1 March in common years: they have not completed the
/// year before 28 February has ended.
/// </summary>
public static class WajibKtp
{
    /// <summary>The age at which everyone becomes wajib KTP.</summary>
    public const int Age = 17;

    /// <summary>
    /// The default minimum age for recording (perekaman): students are recorded at school from 15 and receive the card
    /// at 17. An office may configure another value.
    /// </summary>
    public const int MinimumRecordingAge = 15;

    /// <summary>
    /// The number of years after becoming wajib KTP after which an unrecorded NIK is due for deactivation.
    /// </summary>
    public const int DeactivationYears = 5;

    /// <summary>The age in completed years on a date (0 before the first birthday, negative before birth).</summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="asOf">The reference date.</param>
    /// <returns>The age in whole years.</returns>
    public static int AgeOn(DateOnly birthDate, DateOnly asOf)
    {
        var age = asOf.Year - birthDate.Year;
        if (asOf < Birthday(birthDate, asOf.Year))
        {
            age--;
        }

        return age;
    }

    /// <summary>True when the resident is 17 or over on <paramref name="asOf"/>, or married or ever married.</summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="status">The marital status on that date.</param>
    /// <param name="asOf">The reference date.</param>
    /// <returns>True when wajib KTP.</returns>
    public static bool IsWajibKtp(DateOnly birthDate, MaritalStatus status, DateOnly asOf) =>
        status.HasEverMarried() || asOf >= WajibKtpDate(birthDate);

    /// <summary>
    /// The 17th birthday: the day an unmarried resident becomes wajib KTP. For a birth on 29 February this is
    /// 1 March when the 17th year is not a leap year.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <returns>The date the resident turns 17.</returns>
    public static DateOnly WajibKtpDate(DateOnly birthDate) => BirthdayAt(birthDate, Age);

    /// <summary>
    /// The day the resident turns <paramref name="age"/>, as <see cref="AgeOn"/> counts it: for a birth on
    /// 29 February, 1 March when that year is not a leap year.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="age">The age in whole years.</param>
    /// <returns>The first day on which <see cref="AgeOn"/> gives <paramref name="age"/>.</returns>
    public static DateOnly BirthdayAt(DateOnly birthDate, int age) => Birthday(birthDate, birthDate.Year + age);

    /// <summary>
    /// The date on which a NIK is due for deactivation if its holder has not recorded by then: five years after the
    /// 17th birthday. Computed and reported only; nothing acts on it yet.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <returns>The 22nd birthday (1 March for a 29 February birth in a common year).</returns>
    public static DateOnly DeactivationDate(DateOnly birthDate) => BirthdayAt(birthDate, Age + DeactivationYears);

    /// <summary>
    /// The deactivation date of someone who became wajib KTP earlier than 17 by marrying: five years after that date.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="marriedOn">The date of the first marriage, when known.</param>
    /// <returns>Five years after the earlier of the 17th birthday and the marriage.</returns>
    public static DateOnly DeactivationDate(DateOnly birthDate, DateOnly? marriedOn)
    {
        var became = WajibKtpDate(birthDate);
        if (marriedOn is { } married && married < became)
        {
            became = married;
        }

        return Birthday(became, became.Year + DeactivationYears);
    }

    /// <summary>
    /// True when an unrecorded resident has reached <see cref="DeactivationDate(DateOnly)"/> on
    /// <paramref name="asOf"/>. A resident who has recorded is never past deactivation.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="recorded">Whether the resident has recorded for the e-KTP.</param>
    /// <param name="asOf">The reference date.</param>
    /// <returns>True when due for deactivation.</returns>
    public static bool IsPastDeactivation(DateOnly birthDate, bool recorded, DateOnly asOf) =>
        !recorded && asOf >= DeactivationDate(birthDate);

    /// <summary>
    /// True when the resident may be recorded on <paramref name="asOf"/>: married or ever married, or at least
    /// <paramref name="minimumAge"/> years old.
    /// </summary>
    /// <param name="birthDate">The birth date.</param>
    /// <param name="status">The marital status.</param>
    /// <param name="asOf">The reference date.</param>
    /// <param name="minimumAge">
    /// The office's minimum recording age; <see cref="MinimumRecordingAge"/> by default.
    /// </param>
    /// <returns>True when recording is allowed.</returns>
    public static bool CanRecord(
        DateOnly birthDate, MaritalStatus status, DateOnly asOf, int minimumAge = MinimumRecordingAge) =>
        status.HasEverMarried() || AgeOn(birthDate, asOf) >= minimumAge;

    // The anniversary of a date in another year; 29 February falls on 1 March in a common year.
    private static DateOnly Birthday(DateOnly date, int year) =>
        date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, date.Month, date.Day);
}

using System.Globalization;
using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>
/// A Nomor Induk Kependudukan: 16 ASCII digits <c>PP KK CC DDMMYY SSSS</c>. Creating one checks the format only;
/// <see cref="NikRules.Analyze"/> checks the region, the birth date and the serial.
/// </summary>
public readonly record struct Nik
{
    /// <summary>The number of digits of a NIK.</summary>
    public const int Length = 16;

    private Nik(string value) => Value = value;

    /// <summary>The 16 digits.</summary>
    public string Value { get; }

    /// <summary>
    /// The first 6 digits: the kecamatan where the NIK was first issued (not necessarily where the person lives).
    /// </summary>
    public string KecamatanDigits => Value[..6];

    /// <summary>The 6 digits <c>DDMMYY</c> of the birth date, with 40 added to the day for women.</summary>
    public string BirthDigits => Value[6..12];

    /// <summary>The serial number, 1–9999 in a valid NIK.</summary>
    public int Serial => int.Parse(Value.AsSpan(12, 4), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Makes a NIK from 16 ASCII digits (format only).</summary>
    /// <param name="s">The text.</param>
    /// <param name="nik">The NIK when the text is 16 ASCII digits.</param>
    /// <returns>True when the text has the NIK format.</returns>
    public static bool TryCreate(string? s, out Nik nik)
    {
        if (s is { Length: Length } && RegionCodes.IsAsciiDigits(s))
        {
            nik = new Nik(s);
            return true;
        }

        nik = default;
        return false;
    }

    /// <summary>Makes a NIK from 16 ASCII digits (format only).</summary>
    /// <param name="s">The text.</param>
    /// <returns>The NIK.</returns>
    /// <exception cref="FormatException">The text is not 16 ASCII digits.</exception>
    public static Nik Parse(string s) => TryCreate(s, out var nik)
        ? nik
        : throw new FormatException($"'{s}' is not a NIK: a NIK is exactly 16 digits.");

    /// <summary>Composes the NIK of a person from its parts.</summary>
    /// <param name="kecamatanDigits6">The 6-digit kecamatan code of first registration, without dots.</param>
    /// <param name="birthDate">The birth date; only the last two digits of the year are kept.</param>
    /// <param name="sex">The sex; 40 is added to the day for women.</param>
    /// <param name="serial">The serial, 1–9999.</param>
    /// <returns>The NIK.</returns>
    /// <exception cref="ArgumentException">The kecamatan code is not 6 digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The serial is outside 1–9999.</exception>
    public static Nik Compose(string kecamatanDigits6, DateOnly birthDate, Sex sex, int serial)
    {
        ArgumentNullException.ThrowIfNull(kecamatanDigits6);
        if (kecamatanDigits6.Length != 6 || !RegionCodes.IsAsciiDigits(kecamatanDigits6))
        {
            throw new ArgumentException("The kecamatan code must be 6 digits without dots.", nameof(kecamatanDigits6));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9999);
        return new Nik(string.Create(
            CultureInfo.InvariantCulture, $"{kecamatanDigits6}{BirthPart(birthDate, sex)}{serial:D4}"));
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    internal static string BirthPart(DateOnly birthDate, Sex sex)
    {
        var day = birthDate.Day + (sex == Sex.Female ? 40 : 0);
        return string.Create(CultureInfo.InvariantCulture, $"{day:D2}{birthDate.Month:D2}{birthDate.Year % 100:D2}");
    }
}

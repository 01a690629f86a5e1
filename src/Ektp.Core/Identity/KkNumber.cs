using System.Globalization;
using Ektp.Core.Regions;

namespace Ektp.Core.Identity;

/// <summary>
/// The number of a Kartu Keluarga (family card): 16 ASCII digits, the 6-digit kecamatan code where it was issued,
/// the issue date <c>DDMMYY</c> and a 4-digit serial. Creating one checks the format only; see
/// <see cref="KkRules.Analyze"/>.
/// </summary>
public readonly record struct KkNumber
{
    /// <summary>The number of digits of a KK number.</summary>
    public const int Length = 16;

    private KkNumber(string value) => Value = value;

    /// <summary>The 16 digits.</summary>
    public string Value { get; }

    /// <summary>The first 6 digits: the kecamatan where the card was issued.</summary>
    public string KecamatanDigits => Value[..6];

    /// <summary>The serial number, 1–9999 in a valid KK number.</summary>
    public int Serial => int.Parse(Value.AsSpan(12, 4), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Makes a KK number from 16 ASCII digits (format only).</summary>
    /// <param name="s">The text.</param>
    /// <param name="kk">The KK number when the text is 16 ASCII digits.</param>
    /// <returns>True when the text has the format.</returns>
    public static bool TryCreate(string? s, out KkNumber kk)
    {
        if (s is { Length: Length } && RegionCodes.IsAsciiDigits(s))
        {
            kk = new KkNumber(s);
            return true;
        }

        kk = default;
        return false;
    }

    /// <summary>Makes a KK number from 16 ASCII digits (format only).</summary>
    /// <param name="s">The text.</param>
    /// <returns>The KK number.</returns>
    /// <exception cref="FormatException">The text is not 16 ASCII digits.</exception>
    public static KkNumber Parse(string s) => TryCreate(s, out var kk)
        ? kk
        : throw new FormatException($"'{s}' is not a KK number: a KK number is exactly 16 digits.");

    /// <summary>Composes a KK number.</summary>
    /// <param name="kecamatanDigits6">The 6-digit kecamatan code of issue, without dots.</param>
    /// <param name="issued">The date of issue.</param>
    /// <param name="serial">The serial, 1–9999.</param>
    /// <returns>The KK number.</returns>
    /// <exception cref="ArgumentException">The kecamatan code is not 6 digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The serial is outside 1–9999.</exception>
    public static KkNumber Compose(string kecamatanDigits6, DateOnly issued, int serial)
    {
        ArgumentNullException.ThrowIfNull(kecamatanDigits6);
        if (kecamatanDigits6.Length != 6 || !RegionCodes.IsAsciiDigits(kecamatanDigits6))
        {
            throw new ArgumentException("The kecamatan code must be 6 digits without dots.", nameof(kecamatanDigits6));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9999);
        return new KkNumber(string.Create(
            CultureInfo.InvariantCulture,
            $"{kecamatanDigits6}{issued.Day:D2}{issued.Month:D2}{issued.Year % 100:D2}{serial:D4}"));
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}

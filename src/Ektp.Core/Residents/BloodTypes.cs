using System.Collections.Frozen;
using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>SIAK and card texts of <see cref="BloodType"/>.</summary>
public static class BloodTypes
{
    private static readonly FrozenDictionary<string, BloodType> Table = new Dictionary<string, BloodType>
    {
        ["A"] = BloodType.A,
        ["A+"] = BloodType.A,
        ["A-"] = BloodType.A,
        ["B"] = BloodType.B,
        ["B+"] = BloodType.B,
        ["B-"] = BloodType.B,
        ["AB"] = BloodType.AB,
        ["AB+"] = BloodType.AB,
        ["AB-"] = BloodType.AB,
        ["O"] = BloodType.O,
        ["O+"] = BloodType.O,
        ["O-"] = BloodType.O,
        ["-"] = BloodType.Unknown,
        [""] = BloodType.Unknown,
        ["TIDAK TAHU"] = BloodType.Unknown,
        ["TIDAK DIKETAHUI"] = BloodType.Unknown,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Parses a SIAK blood group: <c>A</c>, <c>B</c>, <c>AB</c>, <c>O</c>, each optionally with a rhesus sign
    /// (<c>A+</c>, <c>O-</c>), and <c>TIDAK TAHU</c>, <c>-</c> or an empty field for unknown.
    /// </summary>
    /// <param name="text">The text, any case.</param>
    /// <param name="value">The blood type when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out BloodType value) => SiakText.TryLookup(Table, text, out value);

    /// <summary>Parses a SIAK blood group.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The blood type.</returns>
    /// <exception cref="FormatException">The text is not a blood group.</exception>
    public static BloodType Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a blood group: expected A, B, AB, O or TIDAK TAHU.");

    /// <summary>The text on the card: <c>A</c>, <c>B</c>, <c>AB</c>, <c>O</c>, or <c>-</c> when unknown.</summary>
    /// <param name="value">The blood type.</param>
    /// <returns>The card text.</returns>
    public static string ToCardText(this BloodType value) => value == BloodType.Unknown ? "-" : ToSiakText(value);

    /// <summary>The SIAK export text: <c>A</c>, <c>B</c>, <c>AB</c>, <c>O</c>, or <c>TIDAK TAHU</c>.</summary>
    /// <param name="value">The blood type.</param>
    /// <returns>The SIAK text.</returns>
    public static string ToSiakText(this BloodType value) => value switch
    {
        BloodType.Unknown => "TIDAK TAHU",
        BloodType.A => "A",
        BloodType.B => "B",
        BloodType.AB => "AB",
        BloodType.O => "O",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown blood type."),
    };
}

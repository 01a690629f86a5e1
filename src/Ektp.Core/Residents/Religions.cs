using System.Collections.Frozen;
using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>SIAK and card texts of <see cref="Religion"/>.</summary>
public static class Religions
{
    private static readonly FrozenDictionary<string, Religion> Table = new Dictionary<string, Religion>
    {
        ["ISLAM"] = Religion.Islam,
        ["KRISTEN"] = Religion.Kristen,
        ["PROTESTAN"] = Religion.Kristen,
        ["KRISTEN PROTESTAN"] = Religion.Kristen,
        ["KATOLIK"] = Religion.Katolik,
        ["KATHOLIK"] = Religion.Katolik,
        ["KRISTEN KATOLIK"] = Religion.Katolik,
        ["HINDU"] = Religion.Hindu,
        ["BUDDHA"] = Religion.Buddha,
        ["BUDHA"] = Religion.Buddha,
        ["KONGHUCU"] = Religion.Konghucu,
        ["KHONGHUCU"] = Religion.Konghucu,
        ["KONG HU CU"] = Religion.Konghucu,
        ["KEPERCAYAAN"] = Religion.Kepercayaan,
        ["KEPERCAYAAN TERHADAP TUHAN YME"] = Religion.Kepercayaan,
        ["KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA"] = Religion.Kepercayaan,
        ["ALIRAN KEPERCAYAAN"] = Religion.Kepercayaan,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Parses a SIAK religion text (<c>ISLAM</c>, <c>KATHOLIK</c>/<c>KATOLIK</c>, <c>BUDHA</c>, …).</summary>
    /// <param name="text">The text, any case.</param>
    /// <param name="value">The religion when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out Religion value) => SiakText.TryLookup(Table, text, out value);

    /// <summary>Parses a SIAK religion text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The religion.</returns>
    /// <exception cref="FormatException">The text is not a religion.</exception>
    public static Religion Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException(
            $"'{text}' is not a religion: expected ISLAM, KRISTEN, KATOLIK, HINDU, BUDDHA, KONGHUCU or KEPERCAYAAN.");

    /// <summary>The text on the card and in the SIAK export, e.g. <c>ISLAM</c>.</summary>
    /// <param name="value">The religion.</param>
    /// <returns>The Indonesian text.</returns>
    public static string ToCardText(this Religion value) => value switch
    {
        Religion.Islam => "ISLAM",
        Religion.Kristen => "KRISTEN",
        Religion.Katolik => "KATOLIK",
        Religion.Hindu => "HINDU",
        Religion.Buddha => "BUDDHA",
        Religion.Konghucu => "KONGHUCU",
        Religion.Kepercayaan => "KEPERCAYAAN TERHADAP TUHAN YME",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown religion."),
    };
}

using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>SIAK and card texts of <see cref="Citizenship"/>.</summary>
public static class Citizenships
{
    /// <summary>Parses <c>WNI</c> or <c>WNA</c> (any case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The citizenship when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out Citizenship value)
    {
        switch (SiakText.Normalize(text))
        {
            case "WNI" or "INDONESIA":
                value = Citizenship.Wni;
                return true;
            case "WNA" or "ASING":
                value = Citizenship.Wna;
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>Parses <c>WNI</c> or <c>WNA</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The citizenship.</returns>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static Citizenship Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a citizenship: expected WNI or WNA.");

    /// <summary>The text on the card: <c>WNI</c> or <c>WNA</c>.</summary>
    /// <param name="value">The citizenship.</param>
    /// <returns>The card text.</returns>
    public static string ToCardText(this Citizenship value) => value switch
    {
        Citizenship.Wni => "WNI",
        Citizenship.Wna => "WNA",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown citizenship."),
    };
}

namespace Ektp.Core.Identity;

/// <summary>The SIAK codes (<c>L</c>/<c>P</c>) and card texts of <see cref="Sex"/>.</summary>
public static class SexCodes
{
    /// <summary>The one-letter SIAK code: <c>L</c> for male, <c>P</c> for female.</summary>
    /// <param name="sex">The sex.</param>
    /// <returns><c>L</c> or <c>P</c>.</returns>
    public static string ToCode(this Sex sex) => sex switch
    {
        Sex.Male => "L",
        Sex.Female => "P",
        _ => throw new ArgumentOutOfRangeException(nameof(sex), sex, "Unknown sex."),
    };

    /// <summary>The text printed on the card: <c>LAKI-LAKI</c> or <c>PEREMPUAN</c>.</summary>
    /// <param name="sex">The sex.</param>
    /// <returns>The Indonesian card text.</returns>
    public static string ToCardText(this Sex sex) => sex switch
    {
        Sex.Male => "LAKI-LAKI",
        Sex.Female => "PEREMPUAN",
        _ => throw new ArgumentOutOfRangeException(nameof(sex), sex, "Unknown sex."),
    };

    /// <summary>
    /// Parses <c>L</c>, <c>P</c>, <c>LAKI-LAKI</c> or <c>PEREMPUAN</c> (any case, surrounding spaces ignored).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="sex">The sex when the text is one of those.</param>
    /// <returns>True when the text was recognised.</returns>
    public static bool TryParse(string? text, out Sex sex)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "L" or "LAKI-LAKI" or "LAKI LAKI":
                sex = Sex.Male;
                return true;
            case "P" or "PEREMPUAN":
                sex = Sex.Female;
                return true;
            default:
                sex = default;
                return false;
        }
    }

    /// <summary>Parses the SIAK code or card text of a sex.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The sex.</returns>
    /// <exception cref="FormatException">The text is not a sex code.</exception>
    public static Sex Parse(string text) => TryParse(text, out var sex)
        ? sex
        : throw new FormatException($"'{text}' is not a sex code: expected L (laki-laki) or P (perempuan).");
}

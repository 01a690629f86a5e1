using System.Collections.Frozen;
using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>SIAK and card texts of <see cref="MaritalStatus"/>.</summary>
public static class MaritalStatuses
{
    private static readonly FrozenDictionary<string, MaritalStatus> Table = new Dictionary<string, MaritalStatus>
    {
        ["BELUM KAWIN"] = MaritalStatus.BelumKawin,
        ["KAWIN"] = MaritalStatus.Kawin,
        ["KAWIN TERCATAT"] = MaritalStatus.Kawin,
        ["KAWIN BELUM TERCATAT"] = MaritalStatus.Kawin,
        ["KAWIN TIDAK TERCATAT"] = MaritalStatus.Kawin,
        ["CERAI HIDUP"] = MaritalStatus.CeraiHidup,
        ["CERAI HIDUP TERCATAT"] = MaritalStatus.CeraiHidup,
        ["CERAI HIDUP BELUM TERCATAT"] = MaritalStatus.CeraiHidup,
        ["CERAI MATI"] = MaritalStatus.CeraiMati,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Parses a SIAK marital status: <c>BELUM KAWIN</c>, <c>KAWIN</c> (also <c>KAWIN TERCATAT</c> /
    /// <c>KAWIN BELUM TERCATAT</c>), <c>CERAI HIDUP</c>, <c>CERAI MATI</c>.
    /// </summary>
    /// <param name="text">The text, any case.</param>
    /// <param name="value">The status when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out MaritalStatus value) => SiakText.TryLookup(Table, text, out value);

    /// <summary>Parses a SIAK marital status.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The status.</returns>
    /// <exception cref="FormatException">The text is not a marital status.</exception>
    public static MaritalStatus Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException(
            $"'{text}' is not a marital status: expected BELUM KAWIN, KAWIN, CERAI HIDUP or CERAI MATI.");

    /// <summary>The text on the card and in the SIAK export, e.g. <c>BELUM KAWIN</c>.</summary>
    /// <param name="value">The status.</param>
    /// <returns>The Indonesian text.</returns>
    public static string ToCardText(this MaritalStatus value) => value switch
    {
        MaritalStatus.BelumKawin => "BELUM KAWIN",
        MaritalStatus.Kawin => "KAWIN",
        MaritalStatus.CeraiHidup => "CERAI HIDUP",
        MaritalStatus.CeraiMati => "CERAI MATI",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown marital status."),
    };

    /// <summary>True for married, divorced and widowed: anyone who has ever married is wajib KTP.</summary>
    /// <param name="value">The status.</param>
    /// <returns>True unless never married.</returns>
    public static bool HasEverMarried(this MaritalStatus value) => value != MaritalStatus.BelumKawin;
}

using System.Collections.Frozen;
using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>SIAK texts of <see cref="Education"/>.</summary>
public static class Educations
{
    private static readonly FrozenDictionary<string, Education> Table = new Dictionary<string, Education>
    {
        ["TIDAK/BELUM SEKOLAH"] = Education.TidakBelumSekolah,
        ["TIDAK / BELUM SEKOLAH"] = Education.TidakBelumSekolah,
        ["BELUM SEKOLAH"] = Education.TidakBelumSekolah,
        ["TIDAK SEKOLAH"] = Education.TidakBelumSekolah,
        ["BELUM TAMAT SD/SEDERAJAT"] = Education.BelumTamatSd,
        ["BELUM TAMAT SD"] = Education.BelumTamatSd,
        ["TAMAT SD/SEDERAJAT"] = Education.TamatSd,
        ["TAMAT SD"] = Education.TamatSd,
        ["SD"] = Education.TamatSd,
        ["SLTP/SEDERAJAT"] = Education.Sltp,
        ["SLTP"] = Education.Sltp,
        ["SMP"] = Education.Sltp,
        ["SLTA/SEDERAJAT"] = Education.Slta,
        ["SLTA"] = Education.Slta,
        ["SMA"] = Education.Slta,
        ["SMK"] = Education.Slta,
        ["DIPLOMA I/II"] = Education.Diploma1Or2,
        ["DIPLOMA I"] = Education.Diploma1Or2,
        ["DIPLOMA II"] = Education.Diploma1Or2,
        ["D1"] = Education.Diploma1Or2,
        ["D2"] = Education.Diploma1Or2,
        ["AKADEMI/DIPLOMA III/S. MUDA"] = Education.Diploma3,
        ["AKADEMI/DIPLOMA III/SARJANA MUDA"] = Education.Diploma3,
        ["AKADEMI/DIPLOMA III/S.MUDA"] = Education.Diploma3,
        ["DIPLOMA III"] = Education.Diploma3,
        ["D3"] = Education.Diploma3,
        ["DIPLOMA IV/STRATA I"] = Education.Diploma4OrStrata1,
        ["DIPLOMA IV/ STRATA I"] = Education.Diploma4OrStrata1,
        ["STRATA I"] = Education.Diploma4OrStrata1,
        ["D4"] = Education.Diploma4OrStrata1,
        ["S1"] = Education.Diploma4OrStrata1,
        ["STRATA II"] = Education.Strata2,
        ["S2"] = Education.Strata2,
        ["STRATA III"] = Education.Strata3,
        ["S3"] = Education.Strata3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Parses a SIAK education text such as <c>SLTA/SEDERAJAT</c>, <c>DIPLOMA IV/STRATA I</c> or the short forms
    /// <c>SMA</c>, <c>S1</c>.
    /// </summary>
    /// <param name="text">The text, any case.</param>
    /// <param name="value">The level when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out Education value) => SiakText.TryLookup(Table, text, out value);

    /// <summary>Parses a SIAK education text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The level.</returns>
    /// <exception cref="FormatException">The text is not an education level.</exception>
    public static Education Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a SIAK education level such as SLTA/SEDERAJAT.");

    /// <summary>The SIAK text, e.g. <c>SLTA/SEDERAJAT</c>.</summary>
    /// <param name="value">The level.</param>
    /// <returns>The Indonesian text.</returns>
    public static string ToCardText(this Education value) => value switch
    {
        Education.TidakBelumSekolah => "TIDAK/BELUM SEKOLAH",
        Education.BelumTamatSd => "BELUM TAMAT SD/SEDERAJAT",
        Education.TamatSd => "TAMAT SD/SEDERAJAT",
        Education.Sltp => "SLTP/SEDERAJAT",
        Education.Slta => "SLTA/SEDERAJAT",
        Education.Diploma1Or2 => "DIPLOMA I/II",
        Education.Diploma3 => "AKADEMI/DIPLOMA III/S. MUDA",
        Education.Diploma4OrStrata1 => "DIPLOMA IV/STRATA I",
        Education.Strata2 => "STRATA II",
        Education.Strata3 => "STRATA III",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown education level."),
    };
}

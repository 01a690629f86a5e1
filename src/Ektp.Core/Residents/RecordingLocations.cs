namespace Ektp.Core.Residents;

/// <summary>The API codes (<c>office</c>, <c>kecamatan</c>, …) of <see cref="RecordingLocation"/>.</summary>
public static class RecordingLocations
{
    /// <summary>The lower-case API code, e.g. <c>school</c>.</summary>
    /// <param name="value">The location.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this RecordingLocation value) => value switch
    {
        RecordingLocation.Office => "office",
        RecordingLocation.Kecamatan => "kecamatan",
        RecordingLocation.School => "school",
        RecordingLocation.Prison => "prison",
        RecordingLocation.Company => "company",
        RecordingLocation.Village => "village",
        RecordingLocation.Home => "home",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown recording location."),
    };

    /// <summary>Parses an API code (<c>office</c>, <c>kecamatan</c>, <c>school</c>, …), any case.</summary>
    /// <param name="code">The code.</param>
    /// <param name="value">The location when recognised.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? code, out RecordingLocation value)
    {
        foreach (var candidate in Enum.GetValues<RecordingLocation>())
        {
            if (string.Equals(candidate.ToCode(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The Indonesian description, e.g. <c>Sekolah</c>.</summary>
    /// <param name="value">The location.</param>
    /// <returns>The description.</returns>
    public static string ToIndonesian(this RecordingLocation value) => value switch
    {
        RecordingLocation.Office => "Kantor Disdukcapil",
        RecordingLocation.Kecamatan => "Kantor kecamatan",
        RecordingLocation.School => "Sekolah",
        RecordingLocation.Prison => "Rumah tahanan",
        RecordingLocation.Company => "Perusahaan atau instansi",
        RecordingLocation.Village => "Desa terpencil",
        RecordingLocation.Home => "Rumah warga",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown recording location."),
    };
}

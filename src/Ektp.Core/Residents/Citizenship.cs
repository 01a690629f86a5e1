namespace Ektp.Core.Residents;

/// <summary>Citizenship (kewarganegaraan).</summary>
public enum Citizenship
{
    /// <summary>Indonesian citizen (Warga Negara Indonesia).</summary>
    Wni,

    /// <summary>Foreign national with a residence permit (Warga Negara Asing).</summary>
    Wna,
}

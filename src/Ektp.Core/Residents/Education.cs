namespace Ektp.Core.Residents;

/// <summary>The ten education levels (pendidikan terakhir) of SIAK, lowest first.</summary>
public enum Education
{
    /// <summary>No or not yet any schooling (TIDAK/BELUM SEKOLAH).</summary>
    TidakBelumSekolah,

    /// <summary>Primary school not finished (BELUM TAMAT SD/SEDERAJAT).</summary>
    BelumTamatSd,

    /// <summary>Primary school finished (TAMAT SD/SEDERAJAT).</summary>
    TamatSd,

    /// <summary>Junior secondary (SLTP/SEDERAJAT).</summary>
    Sltp,

    /// <summary>Senior secondary (SLTA/SEDERAJAT).</summary>
    Slta,

    /// <summary>Diploma I or II (DIPLOMA I/II).</summary>
    Diploma1Or2,

    /// <summary>Academy, Diploma III or Sarjana Muda (AKADEMI/DIPLOMA III/S. MUDA).</summary>
    Diploma3,

    /// <summary>Diploma IV or bachelor (DIPLOMA IV/STRATA I).</summary>
    Diploma4OrStrata1,

    /// <summary>Master (STRATA II).</summary>
    Strata2,

    /// <summary>Doctorate (STRATA III).</summary>
    Strata3,
}

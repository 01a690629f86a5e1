namespace Ektp.Core.Residents;

/// <summary>Marital status (status perkawinan).</summary>
public enum MaritalStatus
{
    /// <summary>Never married (belum kawin).</summary>
    BelumKawin,

    /// <summary>Married (kawin).</summary>
    Kawin,

    /// <summary>Divorced (cerai hidup).</summary>
    CeraiHidup,

    /// <summary>Widowed (cerai mati).</summary>
    CeraiMati,
}

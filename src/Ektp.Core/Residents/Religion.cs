namespace Ektp.Core.Residents;

/// <summary>Religion (agama) as recorded in SIAK.</summary>
public enum Religion
{
    /// <summary>Islam.</summary>
    Islam,

    /// <summary>Protestant Christianity (Kristen).</summary>
    Kristen,

    /// <summary>Catholicism (Katolik; SIAK also writes Katholik).</summary>
    Katolik,

    /// <summary>Hinduism.</summary>
    Hindu,

    /// <summary>Buddhism (SIAK also writes Budha).</summary>
    Buddha,

    /// <summary>Confucianism (Konghucu).</summary>
    Konghucu,

    /// <summary>Indigenous belief (Kepercayaan terhadap Tuhan Yang Maha Esa).</summary>
    Kepercayaan,
}

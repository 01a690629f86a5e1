namespace Ektp.Core.Residents;

/// <summary>Where an e-KTP recording (perekaman) took place.</summary>
public enum RecordingLocation
{
    /// <summary>At the Disdukcapil office.</summary>
    Office,

    /// <summary>At a kecamatan office.</summary>
    Kecamatan,

    /// <summary>At a school (jemput bola), for students of 15 and over.</summary>
    School,

    /// <summary>At a prison or detention centre (rumah tahanan).</summary>
    Prison,

    /// <summary>At a company or government agency.</summary>
    Company,

    /// <summary>In a remote or border village, staff staying for days.</summary>
    Village,

    /// <summary>At home, for the sick and the elderly.</summary>
    Home,
}

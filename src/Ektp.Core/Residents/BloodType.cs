namespace Ektp.Core.Residents;

/// <summary>ABO blood group (golongan darah); the rhesus factor is not kept.</summary>
public enum BloodType
{
    /// <summary>Not known (SIAK <c>TIDAK TAHU</c>, card <c>-</c>).</summary>
    Unknown,

    /// <summary>Group A.</summary>
    A,

    /// <summary>Group B.</summary>
    B,

    /// <summary>Group AB.</summary>
    AB,

    /// <summary>Group O.</summary>
    O,
}

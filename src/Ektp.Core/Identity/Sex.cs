namespace Ektp.Core.Identity;

/// <summary>Sex as recorded in the civil registry (jenis kelamin).</summary>
public enum Sex
{
    /// <summary>Male: code <c>L</c> (laki-laki).</summary>
    Male,

    /// <summary>Female: code <c>P</c> (perempuan); 40 is added to the birth day in the NIK.</summary>
    Female,
}

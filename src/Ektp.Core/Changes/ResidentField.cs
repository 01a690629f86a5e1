namespace Ektp.Core.Changes;

/// <summary>The resident fields a change request (perubahan data) can name.</summary>
public enum ResidentField
{
    /// <summary>The NIK; never changes.</summary>
    Nik,

    /// <summary>The place of birth; never changes.</summary>
    BirthPlace,

    /// <summary>The date of birth; never changes.</summary>
    BirthDate,

    /// <summary>The blood group; never changes.</summary>
    BloodType,

    /// <summary>The name; changes only by court decision.</summary>
    Name,

    /// <summary>The sex; changes only by court decision.</summary>
    Sex,

    /// <summary>The religion; changes only by court decision.</summary>
    Religion,

    /// <summary>The marital status; changes with a supporting document (marriage or divorce certificate).</summary>
    MaritalStatus,

    /// <summary>The occupation; changes with a supporting document.</summary>
    Occupation,

    /// <summary>The education level; changes with a supporting document (diploma).</summary>
    Education,

    /// <summary>The street address within the same kelurahan; changes with a supporting document.</summary>
    Address,
}

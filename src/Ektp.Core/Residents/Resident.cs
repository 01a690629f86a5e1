using Ektp.Core.Identity;

namespace Ektp.Core.Residents;

/// <summary>
/// A resident as held in the registry: the fields of the e-KTP plus KK number, education and mother's name.
/// Immutable; a change makes a new instance through <see cref="Changes.ChangeRules.Apply"/>.
/// </summary>
public sealed record Resident
{
    /// <summary>The personal identity number; never changes.</summary>
    public required Nik Nik { get; init; }

    /// <summary>The number of the family card (KK) the resident belongs to.</summary>
    public required KkNumber Kk { get; init; }

    /// <summary>The full name (nama lengkap) as registered.</summary>
    public required string Name { get; init; }

    /// <summary>The place of birth (tempat lahir); never changes.</summary>
    public required string BirthPlace { get; init; }

    /// <summary>The date of birth; never changes.</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>The sex (jenis kelamin).</summary>
    public required Sex Sex { get; init; }

    /// <summary>The blood group; never changes.</summary>
    public BloodType BloodType { get; init; }

    /// <summary>The street address (alamat), without RT/RW and region.</summary>
    public required string Address { get; init; }

    /// <summary>The neighbourhood unit (rukun tetangga) number.</summary>
    public required int Rt { get; init; }

    /// <summary>The community unit (rukun warga) number.</summary>
    public required int Rw { get; init; }

    /// <summary>The 10-digit kelurahan/desa code without dots, e.g. <c>1472011003</c>.</summary>
    public required string KelurahanCode { get; init; }

    /// <summary>The 6-digit kecamatan code without dots, taken from <see cref="KelurahanCode"/>.</summary>
    public string KecamatanCode => KelurahanCode.Length >= 6 ? KelurahanCode[..6] : KelurahanCode;

    /// <summary>The religion.</summary>
    public required Religion Religion { get; init; }

    /// <summary>The marital status.</summary>
    public required MaritalStatus MaritalStatus { get; init; }

    /// <summary>The SIAK occupation text, e.g. <c>PELAJAR/MAHASISWA</c>, <c>WIRASWASTA</c>.</summary>
    public required string Occupation { get; init; }

    /// <summary>The citizenship; WNI unless stated.</summary>
    public Citizenship Citizenship { get; init; }

    /// <summary>The highest education level reached.</summary>
    public required Education Education { get; init; }

    /// <summary>The mother's full name (nama lengkap ibu).</summary>
    public required string MotherName { get; init; }
}

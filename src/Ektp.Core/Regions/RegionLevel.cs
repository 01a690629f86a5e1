namespace Ektp.Core.Regions;

/// <summary>The four administrative levels of the Kemendagri region code list.</summary>
public enum RegionLevel
{
    /// <summary>Province (provinsi), code <c>NN</c>.</summary>
    Provinsi = 1,

    /// <summary>Regency or city (kabupaten/kota), code <c>NN.NN</c>.</summary>
    KabupatenKota = 2,

    /// <summary>District (kecamatan), code <c>NN.NN.NN</c>.</summary>
    Kecamatan = 3,

    /// <summary>Urban village or village (kelurahan/desa), code <c>NN.NN.NN.NNNN</c>.</summary>
    KelurahanDesa = 4,
}

using Ektp.Core.Regions;

namespace Ektp.Core.Residents;

/// <summary>
/// Reads and writes the SIAK-style resident export, header
/// <c>NIK,NO_KK,NAMA_LGKP,TMPT_LHR,TGL_LHR,JENIS_KLMN,GOL_DARAH,AGAMA,STATUS_KAWIN,PEKERJAAN,PENDIDIKAN,NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,KODE_KEL</c>,
/// UTF-8, RFC 4180 quoting, <c>TGL_LHR</c> as <c>DD-MM-YYYY</c>, <c>JENIS_KLMN</c> <c>L</c>/<c>P</c>.
/// </summary>
public static class SiakCsv
{
    /// <summary>The header line of the export.</summary>
    public const string Header =
        "NIK,NO_KK,NAMA_LGKP,TMPT_LHR,TGL_LHR,JENIS_KLMN,GOL_DARAH,AGAMA,STATUS_KAWIN,PEKERJAAN,PENDIDIKAN,"
        + "NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,KODE_KEL";

    /// <summary>
    /// Streams the rows of an export, checking each one; never throws on a bad row. Memory stays bounded apart from
    /// the set of NIKs seen (for <see cref="SiakErrorCodes.DuplicateNik"/>).
    /// </summary>
    /// <param name="utf8">The export, UTF-8 (a byte order mark is allowed).</param>
    /// <param name="regionCode">The kab/kota (or province, kecamatan) being imported; kelurahan outside it are refused.</param>
    /// <param name="regions">The region list.</param>
    /// <param name="today">The reference date for NIK centuries and birth dates in the future.</param>
    /// <returns>One <see cref="SiakRow"/> per data row, in file order.</returns>
    public static IEnumerable<SiakRow> Read(Stream utf8, string regionCode, RegionCatalog regions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(regionCode);
        ArgumentNullException.ThrowIfNull(regions);
        _ = today;
        throw new NotImplementedException("The SIAK reader is being written.");
    }

    /// <summary>Writes residents in the export format, header first, LF line ends.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="residents">The residents.</param>
    public static void Write(TextWriter w, IEnumerable<Resident> residents)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(residents);
        throw new NotImplementedException("The SIAK writer is being written.");
    }
}

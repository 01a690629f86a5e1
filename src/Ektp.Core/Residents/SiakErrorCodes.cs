namespace Ektp.Core.Residents;

/// <summary>The stable codes of <see cref="SiakRowError"/>.</summary>
public static class SiakErrorCodes
{
    /// <summary>The first line is not the SIAK header; nothing else is read.</summary>
    public const string BadHeader = "siak-bad-header";

    /// <summary>The line is not valid UTF-8.</summary>
    public const string BadEncoding = "siak-bad-encoding";

    /// <summary>The row does not have 16 fields, or its quoting is broken.</summary>
    public const string ColumnCount = "siak-column-count";

    /// <summary>The NIK is malformed or invalid (length, digits, region, date digits, serial).</summary>
    public const string BadNik = "siak-bad-nik";

    /// <summary>The NIK's date digits contradict the birth date, or its day contradicts the sex.</summary>
    public const string NikMismatch = "siak-nik-mismatch";

    /// <summary>The same NIK appeared on an earlier line; the first is kept.</summary>
    public const string DuplicateNik = "duplicate-nik";

    /// <summary>The KK number is malformed.</summary>
    public const string BadKk = "siak-bad-kk";

    /// <summary>The birth date is not a real date in the form DD-MM-YYYY, or is after today.</summary>
    public const string BadDate = "siak-bad-date";

    /// <summary>The kelurahan/desa code is not in the region list.</summary>
    public const string UnknownKelurahan = "siak-unknown-kelurahan";

    /// <summary>The kelurahan/desa is not inside the region being imported.</summary>
    public const string KelurahanOutsideRegion = "siak-kelurahan-outside-region";

    /// <summary>
    /// A coded field (sex, blood group, religion, marital status, education, RT, RW) is not recognised.
    /// </summary>
    public const string BadValue = "siak-bad-value";

    /// <summary>A required field (name, birth place, address, mother's name, occupation) is empty.</summary>
    public const string MissingValue = "siak-missing-value";
}

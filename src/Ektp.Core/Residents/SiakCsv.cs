using System.Globalization;
using System.Text;
using Ektp.Core.Identity;
using Ektp.Core.Regions;
using Ektp.Core.Text;

namespace Ektp.Core.Residents;

/// <summary>
/// Reads and writes the SIAK-style resident export with the header <see cref="Header"/>,
/// UTF-8, RFC 4180 quoting, <c>TGL_LHR</c> as <c>DD-MM-YYYY</c>, <c>JENIS_KLMN</c> <c>L</c>/<c>P</c>.
/// </summary>
public static class SiakCsv
{
    /// <summary>The header line of the export.</summary>
    public const string Header =
        "NIK,NO_KK,NAMA_LGKP,TMPT_LHR,TGL_LHR,JENIS_KLMN,GOL_DARAH,AGAMA,STATUS_KAWIN,PEKERJAAN,PENDIDIKAN,"
        + "NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,KODE_KEL";

    /// <summary>The number of columns of the export.</summary>
    public const int ColumnCount = 16;

    /// <summary>The longest physical line read, in bytes; a real row is a few hundred.</summary>
    public const int MaxLineBytes = 16 * 1024;

    /// <summary>
    /// The most physical lines one quoted row may span; beyond that the opening quote is taken as never closed and
    /// the following lines are read as rows of their own, so one stray quote cannot swallow the file.
    /// </summary>
    public const int MaxLinesPerRow = 4;

    /// <summary>The highest RT or RW number accepted.</summary>
    public const int MaxRtRw = 999;

    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] HeaderColumns = Header.Split(',');

    /// <summary>
    /// Streams the rows of an export, checking each one, and never throws on a bad row. Memory stays bounded: apart
    /// from the set of NIKs already accepted (8 bytes each, for <see cref="SiakErrorCodes.DuplicateNik"/>) only the
    /// current row is held.
    /// </summary>
    /// <param name="utf8">The export, UTF-8 (a byte order mark is allowed).</param>
    /// <param name="regionCode">
    /// The region being imported (normally a kab/kota, dotted or plain); kelurahan outside it are refused.
    /// </param>
    /// <param name="regions">The region list.</param>
    /// <param name="today">The reference date: NIK centuries, and no birth date after it.</param>
    /// <returns>One <see cref="SiakRow"/> per data row, in file order; a bad header gives one error and stops.</returns>
    /// <exception cref="ArgumentException">The region code is not in the region list.</exception>
    public static IEnumerable<SiakRow> Read(Stream utf8, string regionCode, RegionCatalog regions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(regionCode);
        ArgumentNullException.ThrowIfNull(regions);
        var region = regions.Find(regionCode)
            ?? throw new ArgumentException($"'{regionCode}' is not a region in the list.", nameof(regionCode));
        return ReadRows(utf8, region, regions, today);
    }

    /// <summary>Writes residents in the export format, header first, LF line ends, fields quoted when needed.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="residents">The residents.</param>
    public static void Write(TextWriter w, IEnumerable<Resident> residents)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(residents);
        w.Write(Header);
        w.Write('\n');
        var fields = new string[ColumnCount];
        foreach (var r in residents)
        {
            fields[0] = r.Nik.Value;
            fields[1] = r.Kk.Value;
            fields[2] = r.Name;
            fields[3] = r.BirthPlace;
            fields[4] = r.BirthDate.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
            fields[5] = r.Sex.ToCode();
            fields[6] = r.BloodType.ToSiakText();
            fields[7] = r.Religion.ToCardText();
            fields[8] = r.MaritalStatus.ToCardText();
            fields[9] = r.Occupation;
            fields[10] = r.Education.ToCardText();
            fields[11] = r.MotherName;
            fields[12] = r.Address;
            fields[13] = r.Rt.ToString(CultureInfo.InvariantCulture);
            fields[14] = r.Rw.ToString(CultureInfo.InvariantCulture);
            fields[15] = r.KelurahanCode;
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    w.Write(',');
                }

                w.Write(CsvFields.Quote(fields[i]));
            }

            w.Write('\n');
        }
    }

    private static IEnumerable<SiakRow> ReadRows(Stream utf8, Region region, RegionCatalog regions, DateOnly today)
    {
        var reader = new Utf8LineReader(utf8, MaxLineBytes);
        var pending = new List<(long Line, string? Text, SiakRowError? Error)>(MaxLinesPerRow);
        var fields = new List<string>(ColumnCount);
        var seen = new HashSet<long>();
        long lineNumber = 0;
        var headerDone = false;
        var eof = false;

        while (true)
        {
            // Keep enough physical lines queued to assemble one row that spans several of them.
            while (!eof && pending.Count < MaxLinesPerRow)
            {
                if (!reader.TryReadLine(out var bytes, out var tooLong))
                {
                    eof = true;
                    break;
                }

                lineNumber++;
                pending.Add(Decode(lineNumber, bytes.Span, tooLong));
            }

            if (pending.Count == 0)
            {
                if (!headerDone)
                {
                    yield return new SiakRowError(
                        1, SiakErrorCodes.BadHeader, "The file is empty: the header line is missing.");
                }

                yield break;
            }

            var first = pending[0];
            if (!headerDone)
            {
                pending.RemoveAt(0);
                headerDone = true;
                if (first.Error is not null || !IsHeader(first.Text!, fields))
                {
                    yield return new SiakRowError(
                        first.Line,
                        SiakErrorCodes.BadHeader,
                        "The first line is not the SIAK header " + Header
                        + "; the file was not read.");
                    yield break;
                }

                continue;
            }

            if (first.Error is not null)
            {
                pending.RemoveAt(0);
                yield return first.Error;
                continue;
            }

            if (first.Text!.Length == 0)
            {
                pending.RemoveAt(0);
                continue;
            }

            // Join following lines while a quoted field stays open (RFC 4180 allows line breaks inside quotes).
            var text = first.Text;
            var used = 1;
            while (QuoteIsOpen(text) && used < pending.Count && pending[used].Error is null)
            {
                text = text + "\n" + pending[used].Text;
                used++;
            }

            if (QuoteIsOpen(text))
            {
                pending.RemoveAt(0);
                yield return new SiakRowError(
                    first.Line,
                    SiakErrorCodes.ColumnCount,
                    "A quoted field that opens on this line is never closed.");
                continue;
            }

            pending.RemoveRange(0, used);
            yield return ParseRow(first.Line, text, fields, region, regions, today, seen);
        }
    }

    private static (long Line, string? Text, SiakRowError? Error) Decode(
        long line, ReadOnlySpan<byte> bytes, bool tooLong)
    {
        if (tooLong)
        {
            return (line, null, new SiakRowError(
                line,
                SiakErrorCodes.ColumnCount,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The line is longer than {MaxLineBytes} bytes; a SIAK row is a few hundred.")));
        }

        if (line == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return (line, StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return (line, null, new SiakRowError(
                line,
                SiakErrorCodes.BadEncoding,
                "The line is not valid UTF-8 text; save the export as UTF-8."));
        }
    }

    private static bool IsHeader(string line, List<string> fields)
    {
        if (!CsvFields.TrySplit(line, fields) || fields.Count != HeaderColumns.Length)
        {
            return false;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (!string.Equals(fields[i].Trim(), HeaderColumns[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool QuoteIsOpen(string text)
    {
        // Fields open a quote only at their start; a doubled quote inside a quoted field closes and reopens it,
        // so the parity of quotes in a row gives the state at its end.
        var open = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                open = !open;
            }
        }

        return open;
    }

    private static SiakRow ParseRow(
        long line, string text, List<string> fields, Region region, RegionCatalog regions, DateOnly today,
        HashSet<long> seen)
    {
        if (!CsvFields.TrySplit(text, fields))
        {
            return Error(SiakErrorCodes.ColumnCount, "The quoting of the row is broken: text follows a closing quote.");
        }

        if (fields.Count != ColumnCount)
        {
            return Error(
                SiakErrorCodes.ColumnCount,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The row has {fields.Count} columns; the SIAK export has {ColumnCount}."));
        }

        for (var i = 0; i < fields.Count; i++)
        {
            fields[i] = fields[i].Trim();
        }

        var nikAnalysis = NikRules.Analyze(fields[0], today, regions);
        if (!nikAnalysis.IsValid)
        {
            return Error(SiakErrorCodes.BadNik, $"Bad NIK '{fields[0]}': {Join(nikAnalysis.Errors)}");
        }

        var nik = nikAnalysis.Nik!.Value;
        var kkAnalysis = KkRules.Analyze(fields[1], today, regions);
        if (!kkAnalysis.IsValid)
        {
            return Error(SiakErrorCodes.BadKk, $"Bad KK number '{fields[1]}': {Join(kkAnalysis.Errors)}");
        }

        if (!DateOnly.TryParseExact(
                fields[4], "dd-MM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            return Error(
                SiakErrorCodes.BadDate,
                $"The birth date '{fields[4]}' is not a real date written DD-MM-YYYY (for example 05-03-1990).");
        }

        if (birthDate > today)
        {
            return Error(
                SiakErrorCodes.BadDate,
                $"The birth date {fields[4]} is in the future.");
        }

        if (!SexCodes.TryParse(fields[5], out var sex))
        {
            return Error(SiakErrorCodes.BadValue, $"JENIS_KLMN is '{fields[5]}': it must be L or P.");
        }

        if (NikRules.CheckAgainst(nik, birthDate, sex) is { } contradiction)
        {
            return Error(SiakErrorCodes.NikMismatch, contradiction.Message);
        }

        if (!RegionCodes.TryNormalize(fields[15], out var kelurahanDigits) || kelurahanDigits.Length != 10)
        {
            return Error(
                SiakErrorCodes.UnknownKelurahan,
                $"KODE_KEL '{fields[15]}' is not a kelurahan/desa code: it must be 10 digits.");
        }

        var kelurahan = regions.Find(kelurahanDigits);
        if (kelurahan is null)
        {
            return Error(
                SiakErrorCodes.UnknownKelurahan,
                $"KODE_KEL {fields[15]} is not a kelurahan/desa in the official region list.");
        }

        if (!kelurahan.Digits.StartsWith(region.Digits, StringComparison.Ordinal))
        {
            return Error(
                SiakErrorCodes.KelurahanOutsideRegion,
                $"Kelurahan/desa {kelurahan.Code} {kelurahan.Name} is outside {region.Code} {region.Name}, "
                + "the region being imported.");
        }

        if (!BloodTypes.TryParse(fields[6], out var bloodType))
        {
            return Error(
                SiakErrorCodes.BadValue, $"GOL_DARAH '{fields[6]}' is not a blood group (A, B, AB, O, TIDAK TAHU).");
        }

        if (!Religions.TryParse(fields[7], out var religion))
        {
            return Error(SiakErrorCodes.BadValue, $"AGAMA '{fields[7]}' is not one of the recognised religions.");
        }

        if (!MaritalStatuses.TryParse(fields[8], out var marital))
        {
            return Error(
                SiakErrorCodes.BadValue,
                $"STATUS_KAWIN '{fields[8]}' is not BELUM KAWIN, KAWIN, CERAI HIDUP or CERAI MATI.");
        }

        if (!Educations.TryParse(fields[10], out var education))
        {
            return Error(SiakErrorCodes.BadValue, $"PENDIDIKAN '{fields[10]}' is not a SIAK education level.");
        }

        if (!TryRtRw(fields[13], out var rt) || !TryRtRw(fields[14], out var rw))
        {
            return Error(
                SiakErrorCodes.BadValue,
                $"NO_RT '{fields[13]}' and NO_RW '{fields[14]}' must be whole numbers from 1 to {MaxRtRw}.");
        }

        foreach (var (index, column) in (ReadOnlySpan<(int, string)>)
                 [
                     (2, "NAMA_LGKP (full name)"), (3, "TMPT_LHR (place of birth)"), (9, "PEKERJAAN (occupation)"),
                     (11, "NAMA_LGKP_IBU (mother's name)"), (12, "ALAMAT (address)"),
                 ])
        {
            if (fields[index].Length == 0)
            {
                return Error(SiakErrorCodes.MissingValue, $"{column} is empty; it is required.");
            }
        }

        var key = long.Parse(nik.Value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!seen.Add(key))
        {
            return Error(
                SiakErrorCodes.DuplicateNik,
                $"NIK {nik} already appeared on an earlier row of this file; the first row is kept.");
        }

        return new SiakResident(line, new Resident
        {
            Nik = nik,
            Kk = kkAnalysis.Number!.Value,
            Name = SiakText.Normalize(fields[2]),
            BirthPlace = SiakText.Normalize(fields[3]),
            BirthDate = birthDate,
            Sex = sex,
            BloodType = bloodType,
            Address = SiakText.Normalize(fields[12]),
            Rt = rt,
            Rw = rw,
            KelurahanCode = kelurahan.Digits,
            Religion = religion,
            MaritalStatus = marital,
            Occupation = SiakText.Normalize(fields[9]),
            Citizenship = Citizenship.Wni,
            Education = education,
            MotherName = SiakText.Normalize(fields[11]),
        });

        SiakRowError Error(string code, string reason) => new(line, code, reason);
    }

    private static string Join(IReadOnlyList<NikIssue> issues) => string.Join(" ", issues.Select(i => i.Message));

    private static bool TryRtRw(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxRtRw;
}

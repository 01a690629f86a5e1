using System.Text;
using Ektp.Core.Identity;
using Ektp.Core.Population;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Residents;

public class SiakCsvTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private const string Good =
        "1472014503900012,1472011506120001,SITI RAHAYU,DUMAI,05-03-1990,P,O,ISLAM,KAWIN,MENGURUS RUMAH TANGGA,"
        + "SLTA/SEDERAJAT,AMINAH,JL. SULTAN SYARIF KASIM NO. 12,3,2,1472011003";

    private static List<SiakRow> Read(string text, string region = "1472") =>
        Read(Encoding.UTF8.GetBytes(text), region);

    private static List<SiakRow> Read(byte[] bytes, string region = "1472") =>
        SiakCsv.Read(new MemoryStream(bytes), region, RegionCatalog.Official, Today).ToList();

    private static string File(params string[] rows) => SiakCsv.Header + "\n" + string.Join("\n", rows) + "\n";

    private static string Replace(int column, string value)
    {
        var fields = Good.Split(',');
        fields[column] = value;
        return string.Join(',', fields);
    }

    [Fact]
    public void Good_row_becomes_a_resident()
    {
        var row = Assert.Single(Read(File(Good)));

        var resident = Assert.IsType<SiakResident>(row).Resident;
        Assert.Equal(2, row.Line);
        Assert.Equal(TestResidents.Siti(), resident);
    }

    [Fact]
    public void File_full_of_bad_rows_reports_each_with_its_line_and_keeps_the_good_ones()
    {
        var text = File(
            Good,                                                            // 2 ok
            Replace(0, "14720145039000"),                                    // 3 bad NIK (length)
            Replace(0, "147201450390001X"),                                  // 4 bad NIK (digits)
            Replace(0, "9972014503900012"),                                  // 5 bad NIK (province)
            Replace(4, "06-03-1990"),                                        // 6 NIK contradicts birth date
            Replace(5, "L"),                                                 // 7 NIK contradicts sex
            Replace(15, "1472019999"),                                       // 8 unknown kelurahan
            Replace(15, "6172011001"),                                       // 9 kelurahan outside the region
            Replace(4, "1990-03-05"),                                        // 10 malformed date
            Replace(4, "31-02-1990"),                                        // 11 impossible date
            Good + ",EXTRA",                                                 // 12 wrong column count
            "1472014503900012,1472011506120001,SITI",                        // 13 wrong column count
            Good,                                                            // 14 duplicate NIK
            Replace(1, "12345"),                                             // 15 bad KK
            Replace(7, "JEDI"),                                              // 16 bad value
            Replace(13, "0"),                                                // 17 bad RT
            Replace(2, " "),                                                 // 18 missing name
            Replace(15, "14720110"),                                         // 19 kelurahan code too short
            Replace(5, "X"),                                                 // 20 bad sex
            Replace(0, "1472010503900000"));                                 // 21 serial zero
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var badLine = Encoding.UTF8.GetBytes(Replace(2, "SITI\u00C9")).ToList();
        badLine[badLine.IndexOf(0xC3)] = 0xFF;
        bytes.AddRange(badLine);                                             // 22 bad encoding
        bytes.AddRange(Encoding.UTF8.GetBytes("\n" + Replace(0, "1472010503900013").Replace(",P,", ",L,",
            StringComparison.Ordinal) + "\n"));                               // 23 ok (a man)

        var rows = Read(bytes.ToArray());

        var expected = new (long Line, string Code)[]
        {
            (3, SiakErrorCodes.BadNik), (4, SiakErrorCodes.BadNik), (5, SiakErrorCodes.BadNik),
            (6, SiakErrorCodes.NikMismatch), (7, SiakErrorCodes.NikMismatch),
            (8, SiakErrorCodes.UnknownKelurahan), (9, SiakErrorCodes.KelurahanOutsideRegion),
            (10, SiakErrorCodes.BadDate), (11, SiakErrorCodes.BadDate),
            (12, SiakErrorCodes.ColumnCount), (13, SiakErrorCodes.ColumnCount),
            (14, SiakErrorCodes.DuplicateNik), (15, SiakErrorCodes.BadKk), (16, SiakErrorCodes.BadValue),
            (17, SiakErrorCodes.BadValue), (18, SiakErrorCodes.MissingValue), (19, SiakErrorCodes.UnknownKelurahan),
            (20, SiakErrorCodes.BadValue), (21, SiakErrorCodes.BadNik), (22, SiakErrorCodes.BadEncoding),
        };
        Assert.Equal(expected, rows.OfType<SiakRowError>().Select(e => (e.Line, e.Code)));
        Assert.Equal([2L, 23L], rows.OfType<SiakResident>().Select(r => r.Line));
        Assert.All(rows.OfType<SiakRowError>(), e => Assert.True(e.Reason.Split(' ').Length >= 4, e.Reason));
    }

    [Fact]
    public void Reasons_say_what_is_wrong()
    {
        var rows = Read(File(Replace(5, "L"), Replace(15, "6172011001"), Replace(0, "14720145039000")));

        var reasons = rows.Cast<SiakRowError>().Select(e => e.Reason).ToList();
        Assert.Contains("woman", reasons[0], StringComparison.Ordinal);
        Assert.Contains("outside 14.72 Kota Dumai", reasons[1], StringComparison.Ordinal);
        Assert.Contains("16 digits", reasons[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keeps_the_first_good_row()
    {
        var rows = Read(File(Replace(7, "JEDI"), Good, Good));

        Assert.Equal(SiakErrorCodes.BadValue, ((SiakRowError)rows[0]).Code);
        Assert.IsType<SiakResident>(rows[1]);
        Assert.Equal(SiakErrorCodes.DuplicateNik, ((SiakRowError)rows[2]).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NIK,NAMA\n")]
    [InlineData("1472014503900012,1472011506120001\n")]
    public void Bad_header_is_one_error_and_nothing_else_is_read(string text)
    {
        var rows = Read(text + Good + "\n");

        var error = Assert.IsType<SiakRowError>(Assert.Single(rows));
        Assert.Equal(SiakErrorCodes.BadHeader, error.Code);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Header_in_lower_case_is_accepted()
    {
        Assert.IsType<SiakResident>(Assert.Single(Read(SiakCsv.Header.ToLowerInvariant() + "\n" + Good)));
    }

    [Fact]
    public void Byte_order_mark_crlf_blank_lines_and_a_missing_final_newline_are_accepted()
    {
        var text = "\uFEFF" + SiakCsv.Header + "\r\n\r\n" + Good + "\r\n";
        var withoutFinalNewline = SiakCsv.Header + "\n" + Good;

        var rows = Read(Encoding.UTF8.GetBytes(text));

        Assert.Equal(3, Assert.IsType<SiakResident>(Assert.Single(rows)).Line);
        Assert.IsType<SiakResident>(Assert.Single(Read(withoutFinalNewline)));
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var row = Replace(12, "\"JL. MERDEKA, GANG \"\"MAWAR\"\"\nNO. 5\"");

        var rows = Read(File(row, Good.Replace("1472014503900012", "1472014503900013", StringComparison.Ordinal)));

        var resident = Assert.IsType<SiakResident>(rows[0]).Resident;
        Assert.Equal("JL. MERDEKA, GANG \"MAWAR\" NO. 5", resident.Address);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public void Quote_never_closed_is_reported_and_the_next_rows_are_still_read()
    {
        var other = Good.Replace("1472014503900012", "1472014503900013", StringComparison.Ordinal);

        var rows = Read(File(Replace(12, "\"JL. TANPA AKHIR"), Good, other, Good, other));

        Assert.Equal((2L, SiakErrorCodes.ColumnCount), (rows[0].Line, ((SiakRowError)rows[0]).Code));
        Assert.Equal(
            [3L, 4L, 5L, 6L],
            rows.Skip(1).Select(r => r.Line));
        Assert.Equal(2, rows.OfType<SiakResident>().Count());
    }

    [Fact]
    public void Text_after_a_closing_quote_is_a_broken_row()
    {
        var rows = Read(File(Replace(12, "\"JL. A\"B")));

        Assert.Equal(SiakErrorCodes.ColumnCount, Assert.IsType<SiakRowError>(Assert.Single(rows)).Code);
    }

    [Fact]
    public void Over_long_line_is_reported_without_reading_it_whole()
    {
        var rows = Read(File(Replace(12, new string('A', SiakCsv.MaxLineBytes + 10)), Good));

        Assert.Equal(SiakErrorCodes.ColumnCount, ((SiakRowError)rows[0]).Code);
        Assert.IsType<SiakResident>(rows[1]);
    }

    [Fact]
    public void Birth_date_in_the_future_is_refused()
    {
        var row = Replace(4, "05-03-2090");
        Assert.Equal(SiakErrorCodes.BadDate, ((SiakRowError)Read(File(row)).Single()).Code);
    }

    [Fact]
    public void Kecamatan_or_province_can_be_the_imported_region()
    {
        Assert.IsType<SiakResident>(Read(File(Good), "14.72.01").Single());
        Assert.IsType<SiakResident>(Read(File(Good), "14").Single());
        Assert.IsType<SiakRowError>(Read(File(Good), "14.72.02").Single());
    }

    [Fact]
    public void Unknown_import_region_is_refused_before_reading()
    {
        Assert.Throws<ArgumentException>(
            () => SiakCsv.Read(new MemoryStream(), "99.99", RegionCatalog.Official, Today));
    }

    [Fact]
    public void Written_residents_read_back_the_same()
    {
        var residents = new[]
        {
            TestResidents.Siti(),
            TestResidents.Budi() with { Address = "JL. \"ANGGREK\", NO. 1", BloodType = BloodType.Unknown },
        };
        var writer = new StringWriter();

        SiakCsv.Write(writer, residents);

        var text = writer.ToString();
        Assert.StartsWith(SiakCsv.Header + "\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.Equal(residents, Read(text).Cast<SiakResident>().Select(r => r.Resident));
    }

    [Fact]
    public void Stream_that_gives_one_byte_at_a_time_reads_the_same()
    {
        var text = "\uFEFF" + File(Good, Replace(12, "\"JL. A,\r\nB\""), Replace(7, "JEDI")).Replace("\n", "\r\n",
            StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);

        var whole = SiakCsv.Read(new MemoryStream(bytes), "1472", RegionCatalog.Official, Today).ToList();
        var trickle = SiakCsv.Read(new TrickleStream(bytes), "1472", RegionCatalog.Official, Today).ToList();

        Assert.Equal(whole, trickle);
        Assert.Equal([2L, 3L, 5L], trickle.Select(r => r.Line));
    }

    [Property(Arbitrary = [typeof(SmallCities)], MaxTest = 20)]
    public bool Any_generated_city_written_as_SIAK_reads_back_without_errors(SmallCity city)
    {
        var residents = SyntheticCity.Generate(city.Scenario)
            .SelectMany(f => f.Members)
            .Select(m => m.Resident)
            .ToList();
        var writer = new StringWriter();
        SiakCsv.Write(writer, residents);

        var rows = SiakCsv.Read(
                new MemoryStream(Encoding.UTF8.GetBytes(writer.ToString())), city.Scenario.KabKotaCode,
                RegionCatalog.Official, city.Scenario.AsOf)
            .ToList();

        return rows.All(r => r is SiakResident)
            && rows.Cast<SiakResident>().Select(r => r.Resident).SequenceEqual(residents);
    }

    [Property]
    public bool Any_bytes_after_the_header_give_rows_in_line_order_and_never_throw(byte[] garbage, bool withGoodRow)
    {
        var text = Encoding.UTF8.GetBytes(SiakCsv.Header + "\n" + (withGoodRow ? Good + "\n" : string.Empty));
        var rows = Read([.. text, .. garbage ?? []]);

        var lines = rows.Select(r => r.Line).ToList();
        return lines.SequenceEqual(lines.Order()) && lines.Distinct().Count() == lines.Count && lines.All(l => l >= 2)
            && (!withGoodRow || rows[0] is SiakResident);
    }

    [Fact]
    public void Hundred_thousand_rows_stream_from_a_non_seekable_source()
    {
        const int Count = 100_000;
        var stream = new GeneratedStream(Count);

        var (good, bad) = (0, 0);
        foreach (var row in SiakCsv.Read(stream, "1472", RegionCatalog.Official, Today))
        {
            _ = row is SiakResident ? good++ : bad++;
        }

        Assert.Equal(Count, good);
        Assert.Equal(0, bad);
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }

    // Produces a large export lazily, so the test also shows the reader never needs the whole file.
    private sealed class GeneratedStream(int rows) : Stream
    {
        private int _next = -1;
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _current.Length)
            {
                if (_next >= rows)
                {
                    return 0;
                }

                _current = Encoding.UTF8.GetBytes(_next < 0 ? SiakCsv.Header + "\n" : Row(_next) + "\n");
                _offset = 0;
                _next++;
            }

            var n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        private static string Row(int i)
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(i % 20000);
            var nik = Nik.Compose("147201", birth, Sex.Male, (i / 20000) + 1);
            return $"{nik},1472011506120001,ORANG {i},DUMAI,{birth:dd-MM-yyyy},L,A,ISLAM,KAWIN,WIRASWASTA,"
                + "SLTA/SEDERAJAT,IBU,JL. A,1,1,1472011003";
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using Ektp.Core.Identity;
using Ektp.Core.Regions;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Identity;

public class NikRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly RegionCatalog Regions = RegionCatalog.Official;

    private static NikAnalysis Analyze(string input) => NikRules.Analyze(input, Today, Regions);

    private static IEnumerable<string> ErrorCodes(NikAnalysis analysis) => analysis.Errors.Select(e => e.Code);

    [Fact]
    public void Valid_nik_of_a_woman_from_Dumai_Barat_is_explained()
    {
        var analysis = Analyze("1472014503900012");

        Assert.True(analysis.IsValid);
        Assert.Empty(analysis.Warnings);
        Assert.Equal("Riau", analysis.Province?.Name);
        Assert.Equal("Kota Dumai", analysis.KabupatenKota?.Name);
        Assert.Equal("Dumai Barat", analysis.Kecamatan?.Name);
        Assert.Equal(new DateOnly(1990, 3, 5), analysis.BirthDate);
        Assert.Equal(Sex.Female, analysis.Sex);
        Assert.Equal(12, analysis.Serial);
        Assert.Equal(Nik.Parse("1472014503900012"), analysis.Nik);
    }

    [Fact]
    public void Surrounding_spaces_are_ignored_and_the_input_kept()
    {
        var analysis = Analyze("  1472010503900012 ");

        Assert.True(analysis.IsValid);
        Assert.Equal(Sex.Male, analysis.Sex);
        Assert.Equal("  1472010503900012 ", analysis.Input);
    }

    [Theory]
    [InlineData("", "nik-empty")]
    [InlineData("   ", "nik-empty")]
    [InlineData("147201450390001", "nik-length")]
    [InlineData("14720145039000123", "nik-length")]
    [InlineData("147201450390001x", "nik-not-digits")]
    [InlineData("9972014503900012", "nik-province-unknown")]
    [InlineData("1472013203900012", "nik-birth-day-invalid")]
    [InlineData("1472010003900012", "nik-birth-day-invalid")]
    [InlineData("1472017203900012", "nik-birth-day-invalid")]
    [InlineData("1472010513900012", "nik-birth-month-invalid")]
    [InlineData("1472010500900012", "nik-birth-month-invalid")]
    [InlineData("1472013104900012", "nik-birth-date-invalid")]
    [InlineData("1472016902230012", "nik-birth-date-invalid")]
    [InlineData("1472010503900000", "nik-serial-zero")]
    public void Each_kind_of_error_has_its_code(string input, string code)
    {
        var analysis = Analyze(input);

        Assert.False(analysis.IsValid);
        Assert.Contains(code, ErrorCodes(analysis));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var analysis = Analyze("9972017213900000");

        Assert.Equal(
            ["nik-province-unknown", "nik-birth-day-invalid", "nik-birth-month-invalid", "nik-serial-zero"],
            ErrorCodes(analysis));
    }

    [Fact]
    public void Wrong_length_with_letters_reports_both()
    {
        var analysis = Analyze("12ab");

        Assert.Equal(["nik-not-digits", "nik-length"], ErrorCodes(analysis));
        Assert.Null(analysis.Nik);
        Assert.Null(analysis.BirthDate);
    }

    [Fact]
    public void Every_message_is_plain_words()
    {
        var analysis = Analyze("9972017213900000");

        Assert.All(analysis.Errors, e =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)+$", e.Code);
            Assert.True(e.Message.Split(' ').Length > 5, e.Message);
            Assert.EndsWith(".", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Unknown_kab_kota_in_a_known_province_is_a_warning_not_an_error()
    {
        var analysis = Analyze("1499014503900012");

        Assert.True(analysis.IsValid);
        Assert.Equal("nik-region-not-current", Assert.Single(analysis.Warnings).Code);
        Assert.Equal("Riau", analysis.Province?.Name);
        Assert.Null(analysis.KabupatenKota);
        Assert.Null(analysis.Kecamatan);
    }

    [Fact]
    public void Unknown_kecamatan_in_a_known_kab_kota_is_a_warning()
    {
        var analysis = Analyze("1472994503900012");

        Assert.True(analysis.IsValid);
        Assert.Equal("nik-region-not-current", Assert.Single(analysis.Warnings).Code);
        Assert.Equal("Kota Dumai", analysis.KabupatenKota?.Name);
        Assert.Null(analysis.Kecamatan);
        Assert.Contains("14.72.99", analysis.Warnings[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1472010101260001", 2026)]
    [InlineData("1472012311260001", 2026)]
    [InlineData("1472012411260001", 1926)]
    [InlineData("1472010101990001", 1999)]
    [InlineData("1472010101000001", 2000)]
    [InlineData("1472014902000001", 2000)]
    public void Century_is_the_latest_that_does_not_put_the_birth_after_today(string input, int year)
    {
        Assert.Equal(year, Analyze(input).BirthDate?.Year);
    }

    [Fact]
    public void Century_depends_on_today()
    {
        var analysis = NikRules.Analyze("1472010101300001", new DateOnly(2029, 12, 31), Regions);

        Assert.Equal(1930, analysis.BirthDate?.Year);
        Assert.Equal(2030, NikRules.Analyze("1472010101300001", new DateOnly(2030, 1, 1), Regions).BirthDate?.Year);
    }

    [Fact]
    public void CheckAgainst_accepts_a_consistent_record()
    {
        var nik = Nik.Parse("1472014503900012");

        Assert.Null(NikRules.CheckAgainst(nik, new DateOnly(1990, 3, 5), Sex.Female));
    }

    [Fact]
    public void CheckAgainst_reports_a_sex_contradiction_in_words()
    {
        var issue = NikRules.CheckAgainst(Nik.Parse("1472014503900012"), new DateOnly(1990, 3, 5), Sex.Male);

        Assert.NotNull(issue);
        Assert.Equal("nik-sex-mismatch", issue.Code);
        Assert.Contains("woman", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAgainst_reports_a_man_recorded_as_woman()
    {
        var issue = NikRules.CheckAgainst(Nik.Parse("1472010503900012"), new DateOnly(1990, 3, 5), Sex.Female);

        Assert.Equal("nik-sex-mismatch", issue?.Code);
    }

    [Theory]
    [InlineData(1990, 3, 6)]
    [InlineData(1990, 4, 5)]
    [InlineData(1991, 3, 5)]
    public void CheckAgainst_reports_a_birth_date_contradiction(int year, int month, int day)
    {
        var issue = NikRules.CheckAgainst(
            Nik.Parse("1472014503900012"), new DateOnly(year, month, day), Sex.Female);

        Assert.Equal("nik-birth-date-mismatch", issue?.Code);
        Assert.Contains("does not match", issue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAgainst_ignores_the_century()
    {
        Assert.Null(NikRules.CheckAgainst(Nik.Parse("1472014503900012"), new DateOnly(1890, 3, 5), Sex.Female));
    }

    [Fact]
    public void IssueNext_takes_the_lowest_free_serial()
    {
        var birth = new DateOnly(2024, 2, 29);

        var first = NikRules.IssueNext("147201", birth, Sex.Female, new HashSet<int>());
        var gap = NikRules.IssueNext("147201", birth, Sex.Female, new HashSet<int> { 1, 2, 4 });

        Assert.Equal("1472016902240001", first?.Value);
        Assert.Equal("1472016902240003", gap?.Value);
    }

    [Fact]
    public void IssueNext_returns_null_when_all_9999_serials_are_used()
    {
        var used = Enumerable.Range(1, 9999).ToHashSet();

        Assert.Null(NikRules.IssueNext("147201", new DateOnly(2000, 1, 1), Sex.Male, used));
        used.Remove(9999);
        Assert.Equal(9999, NikRules.IssueNext("147201", new DateOnly(2000, 1, 1), Sex.Male, used)?.Serial);
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Composed_nik_analyzes_back_to_its_parts(NikParts parts)
    {
        var nik = Nik.Compose(parts.Kecamatan.Digits, parts.BirthDate, parts.Sex, parts.Serial);
        var analysis = NikRules.Analyze(nik.Value, Today, Regions);

        // Only two digits of the year are kept, so a birth more than a century ago reads as the later century.
        var expectedYear = parts.BirthDate.AddYears(100) <= Today ? parts.BirthDate.Year + 100 : parts.BirthDate.Year;
        return analysis.IsValid
            && analysis.Warnings.Count == 0
            && analysis.Kecamatan == parts.Kecamatan
            && analysis.Sex == parts.Sex
            && analysis.Serial == parts.Serial
            && analysis.BirthDate?.Month == parts.BirthDate.Month
            && analysis.BirthDate?.Day == parts.BirthDate.Day
            && (analysis.BirthDate?.Year == expectedYear
                || (parts.BirthDate is { Month: 2, Day: 29 } && analysis.BirthDate?.Year == parts.BirthDate.Year));
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Composed_nik_is_consistent_with_its_own_birth_date_and_sex(NikParts parts)
    {
        var nik = Nik.Compose(parts.Kecamatan.Digits, parts.BirthDate, parts.Sex, parts.Serial);
        var otherSex = parts.Sex == Sex.Male ? Sex.Female : Sex.Male;
        return NikRules.CheckAgainst(nik, parts.BirthDate, parts.Sex) is null
            && NikRules.CheckAgainst(nik, parts.BirthDate, otherSex)?.Code == NikIssueCodes.SexMismatch
            && NikRules.CheckAgainst(nik, parts.BirthDate.AddDays(1), parts.Sex)?.Code
                == NikIssueCodes.BirthDateMismatch;
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Analyzed_birth_date_is_never_after_today(BirthAndToday dates)
    {
        var nik = Nik.Compose("147201", dates.BirthDate, Sex.Male, 1);
        var birth = NikRules.Analyze(nik.Value, dates.Today, Regions).BirthDate;
        return birth is { } b && b <= dates.Today && b > dates.Today.AddYears(-100)
            && b.Day == dates.BirthDate.Day && b.Month == dates.BirthDate.Month;
    }

    [Property]
    public bool Analyze_never_throws_on_any_text(string? text)
    {
        var analysis = NikRules.Analyze(text!, Today, Regions);
        return analysis.IsValid == (analysis.Errors.Count == 0) && (analysis.IsValid ? analysis.Nik is not null : true);
    }

    [Property]
    public bool Analyze_never_throws_on_any_16_digits(ulong a, ulong b)
    {
        var digits = ((a % 100_000_000UL).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)
            + (b % 100_000_000UL).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
        var analysis = NikRules.Analyze(digits, Today, Regions);
        return analysis.Nik is not null && (analysis.IsValid == (analysis.BirthDate is not null
            && analysis.Province is not null && analysis.Serial > 0));
    }
}

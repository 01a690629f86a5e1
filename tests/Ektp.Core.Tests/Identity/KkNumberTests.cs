using Ektp.Core.Identity;
using Ektp.Core.Regions;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Identity;

public class KkNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Kk_number_is_kecamatan_issue_date_and_serial()
    {
        var kk = KkNumber.Compose("147201", new DateOnly(2012, 6, 15), 42);

        Assert.Equal("1472011506120042", kk.Value);
        Assert.Equal("147201", kk.KecamatanDigits);
        Assert.Equal(42, kk.Serial);
    }

    [Fact]
    public void Kk_number_checks_format_on_creation()
    {
        Assert.True(KkNumber.TryCreate("1472011506120042", out var kk));
        Assert.Equal("1472011506120042", kk.ToString());
        Assert.False(KkNumber.TryCreate("147201150612004", out _));
        Assert.False(KkNumber.TryCreate("147201150612004x", out _));
        Assert.Throws<FormatException>(() => KkNumber.Parse("x"));
        Assert.ThrowsAny<ArgumentException>(() => KkNumber.Compose("1472", Today, 1));
        Assert.ThrowsAny<ArgumentException>(() => KkNumber.Compose("147201", Today, 0));
    }

    [Fact]
    public void Analysis_of_a_valid_kk_number()
    {
        var analysis = KkRules.Analyze("1472011506120042", Today, RegionCatalog.Official);

        Assert.True(analysis.IsValid);
        Assert.Equal("Dumai Barat", analysis.Kecamatan?.Name);
        Assert.Equal(new DateOnly(2012, 6, 15), analysis.IssuedOn);
        Assert.Equal(42, analysis.Serial);
    }

    [Theory]
    [InlineData("", "kk-empty")]
    [InlineData("147201150612004", "kk-length")]
    [InlineData("14720115061200a2", "kk-not-digits")]
    [InlineData("9972011506120042", "kk-province-unknown")]
    [InlineData("1472014506120042", "kk-issue-date-invalid")]
    [InlineData("1472011513120042", "kk-issue-date-invalid")]
    [InlineData("1472011506120000", "kk-serial-zero")]
    public void Each_kind_of_kk_error_has_its_code(string input, string code)
    {
        var analysis = KkRules.Analyze(input, Today, RegionCatalog.Official);

        Assert.False(analysis.IsValid);
        Assert.Contains(analysis.Errors, e => e.Code == code);
    }

    [Fact]
    public void Kk_number_of_a_vanished_kecamatan_is_a_warning()
    {
        var analysis = KkRules.Analyze("1472991506120042", Today, RegionCatalog.Official);

        Assert.True(analysis.IsValid);
        Assert.Equal("kk-region-not-current", Assert.Single(analysis.Warnings).Code);
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Composed_kk_number_analyzes_back(NikParts parts)
    {
        var issued = parts.BirthDate;
        var kk = KkNumber.Compose(parts.Kecamatan.Digits, issued, parts.Serial);
        var analysis = KkRules.Analyze(kk.Value, Today, RegionCatalog.Official);
        return analysis.IsValid && analysis.Kecamatan == parts.Kecamatan && analysis.Serial == parts.Serial
            && analysis.IssuedOn?.Month == issued.Month;
    }
}

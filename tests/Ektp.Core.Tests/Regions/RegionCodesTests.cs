using Ektp.Core.Regions;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Regions;

public class RegionCodesTests
{
    [Theory]
    [InlineData("14", "14")]
    [InlineData("14.72", "1472")]
    [InlineData("14.72.01", "147201")]
    [InlineData("14.72.01.1001", "1472011001")]
    [InlineData("1472011001", "1472011001")]
    public void TryNormalize_removes_the_dots(string code, string digits)
    {
        Assert.True(RegionCodes.TryNormalize(code, out var result));
        Assert.Equal(digits, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1.472")]
    [InlineData("14.72.")]
    [InlineData("12345")]
    [InlineData("14a2")]
    public void TryNormalize_refuses_what_is_not_a_region_code(string? code)
    {
        Assert.False(RegionCodes.TryNormalize(code, out _));
    }

    [Fact]
    public void ToDotted_refuses_a_wrong_number_of_digits()
    {
        Assert.Throws<FormatException>(() => RegionCodes.ToDotted("12345"));
        Assert.Throws<FormatException>(() => RegionCodes.ToDotted("12ab"));
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Dotted_and_plain_forms_convert_both_ways(AnyRegion any) =>
        RegionCodes.ToDotted(any.Region.Digits) == any.Region.Code
        && RegionCodes.TryNormalize(any.Region.Code, out var digits) && digits == any.Region.Digits
        && RegionCodes.LevelOfDigits(digits.Length) == any.Region.Level
        && RegionCodes.DigitsOf(any.Region.Level) == digits.Length;
}

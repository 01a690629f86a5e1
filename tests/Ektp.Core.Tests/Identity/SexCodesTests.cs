using Ektp.Core.Identity;

namespace Ektp.Core.Tests.Identity;

public class SexCodesTests
{
    [Theory]
    [InlineData("L", Sex.Male)]
    [InlineData("l", Sex.Male)]
    [InlineData(" LAKI-LAKI ", Sex.Male)]
    [InlineData("P", Sex.Female)]
    [InlineData("perempuan", Sex.Female)]
    public void Sex_parses_from_code_or_card_text(string text, Sex sex)
    {
        Assert.Equal(sex, SexCodes.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("F")]
    [InlineData(null)]
    public void Other_texts_are_not_a_sex(string? text)
    {
        Assert.False(SexCodes.TryParse(text, out _));
    }

    [Fact]
    public void Sex_has_code_and_card_text()
    {
        Assert.Equal("L", Sex.Male.ToCode());
        Assert.Equal("P", Sex.Female.ToCode());
        Assert.Equal("LAKI-LAKI", Sex.Male.ToCardText());
        Assert.Equal("PEREMPUAN", Sex.Female.ToCardText());
        Assert.Throws<FormatException>(() => SexCodes.Parse("X"));
    }
}

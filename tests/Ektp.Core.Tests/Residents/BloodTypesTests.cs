using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class BloodTypesTests
{
    [Theory]
    [InlineData("A", BloodType.A)]
    [InlineData("a+", BloodType.A)]
    [InlineData("B-", BloodType.B)]
    [InlineData("AB+", BloodType.AB)]
    [InlineData("O", BloodType.O)]
    [InlineData("O+", BloodType.O)]
    [InlineData("TIDAK TAHU", BloodType.Unknown)]
    [InlineData("tidak  tahu", BloodType.Unknown)]
    [InlineData("-", BloodType.Unknown)]
    [InlineData("", BloodType.Unknown)]
    public void Blood_type_parses_SIAK_texts_with_rhesus(string text, BloodType expected)
    {
        Assert.Equal(expected, BloodTypes.Parse(text));
    }

    [Fact]
    public void Unknown_blood_type_is_a_dash_on_the_card_and_TIDAK_TAHU_in_SIAK()
    {
        Assert.Equal("-", BloodType.Unknown.ToCardText());
        Assert.Equal("TIDAK TAHU", BloodType.Unknown.ToSiakText());
        Assert.Equal("AB", BloodType.AB.ToCardText());
    }

    [Fact]
    public void Other_texts_are_not_a_blood_type()
    {
        Assert.False(BloodTypes.TryParse("C", out _));
        Assert.Throws<FormatException>(() => BloodTypes.Parse("Z"));
    }

    [Fact]
    public void Every_text_parses_back_to_its_blood_type()
    {
        Assert.All(Enum.GetValues<BloodType>(), v => Assert.Equal(v, BloodTypes.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<BloodType>(), v => Assert.Equal(v, BloodTypes.Parse(v.ToSiakText())));
    }
}

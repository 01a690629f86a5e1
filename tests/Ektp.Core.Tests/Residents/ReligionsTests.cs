using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class ReligionsTests
{
    [Theory]
    [InlineData("ISLAM", Religion.Islam)]
    [InlineData("Kristen", Religion.Kristen)]
    [InlineData("KATHOLIK", Religion.Katolik)]
    [InlineData("KATOLIK", Religion.Katolik)]
    [InlineData("HINDU", Religion.Hindu)]
    [InlineData("BUDHA", Religion.Buddha)]
    [InlineData("BUDDHA", Religion.Buddha)]
    [InlineData("KHONGHUCU", Religion.Konghucu)]
    [InlineData("KONGHUCU", Religion.Konghucu)]
    [InlineData("KEPERCAYAAN TERHADAP TUHAN YME", Religion.Kepercayaan)]
    public void Religion_parses_SIAK_texts(string text, Religion expected)
    {
        Assert.Equal(expected, Religions.Parse(text));
    }

    [Fact]
    public void Religion_card_text_is_Indonesian_and_parses_back()
    {
        Assert.Equal("ISLAM", Religion.Islam.ToCardText());
        Assert.All(Enum.GetValues<Religion>(), v => Assert.Equal(v, Religions.Parse(v.ToCardText())));
    }

    [Fact]
    public void Other_texts_are_not_a_religion()
    {
        Assert.Throws<FormatException>(() => Religions.Parse("JEDI"));
    }
}

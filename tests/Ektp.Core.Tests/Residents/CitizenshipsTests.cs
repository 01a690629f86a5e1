using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class CitizenshipsTests
{
    [Fact]
    public void Citizenship_parses_and_prints()
    {
        Assert.Equal(Citizenship.Wni, Citizenships.Parse("wni"));
        Assert.Equal(Citizenship.Wna, Citizenships.Parse("WNA"));
        Assert.Equal("WNI", Citizenship.Wni.ToCardText());
        Assert.All(Enum.GetValues<Citizenship>(), v => Assert.Equal(v, Citizenships.Parse(v.ToCardText())));
    }

    [Fact]
    public void Other_texts_are_not_a_citizenship()
    {
        Assert.False(Citizenships.TryParse("ID", out _));
        Assert.Throws<FormatException>(() => Citizenships.Parse("X"));
    }
}

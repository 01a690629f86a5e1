using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class EducationsTests
{
    [Theory]
    [InlineData("TIDAK/BELUM SEKOLAH", Education.TidakBelumSekolah)]
    [InlineData("BELUM TAMAT SD/SEDERAJAT", Education.BelumTamatSd)]
    [InlineData("TAMAT SD/SEDERAJAT", Education.TamatSd)]
    [InlineData("SLTP/SEDERAJAT", Education.Sltp)]
    [InlineData("SLTA/SEDERAJAT", Education.Slta)]
    [InlineData("slta/sederajat", Education.Slta)]
    [InlineData("DIPLOMA I/II", Education.Diploma1Or2)]
    [InlineData("AKADEMI/DIPLOMA III/S. MUDA", Education.Diploma3)]
    [InlineData("DIPLOMA IV/STRATA I", Education.Diploma4OrStrata1)]
    [InlineData("STRATA II", Education.Strata2)]
    [InlineData("STRATA III", Education.Strata3)]
    [InlineData("S1", Education.Diploma4OrStrata1)]
    public void Education_parses_SIAK_texts(string text, Education expected)
    {
        Assert.Equal(expected, Educations.Parse(text));
    }

    [Fact]
    public void Education_text_is_the_SIAK_text_and_parses_back()
    {
        Assert.Equal("SLTA/SEDERAJAT", Education.Slta.ToCardText());
        Assert.All(Enum.GetValues<Education>(), v => Assert.Equal(v, Educations.Parse(v.ToCardText())));
    }

    [Fact]
    public void Other_texts_are_not_an_education_level()
    {
        Assert.Throws<FormatException>(() => Educations.Parse("TK"));
    }
}

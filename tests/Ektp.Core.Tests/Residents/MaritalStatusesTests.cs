using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class MaritalStatusesTests
{
    [Theory]
    [InlineData("BELUM KAWIN", MaritalStatus.BelumKawin)]
    [InlineData("KAWIN", MaritalStatus.Kawin)]
    [InlineData("KAWIN TERCATAT", MaritalStatus.Kawin)]
    [InlineData("kawin belum tercatat", MaritalStatus.Kawin)]
    [InlineData("CERAI HIDUP", MaritalStatus.CeraiHidup)]
    [InlineData("CERAI MATI", MaritalStatus.CeraiMati)]
    public void Marital_status_parses_SIAK_texts(string text, MaritalStatus expected)
    {
        Assert.Equal(expected, MaritalStatuses.Parse(text));
    }

    [Fact]
    public void Marital_status_card_text_is_Indonesian_and_parses_back()
    {
        Assert.Equal("BELUM KAWIN", MaritalStatus.BelumKawin.ToCardText());
        Assert.All(Enum.GetValues<MaritalStatus>(), v => Assert.Equal(v, MaritalStatuses.Parse(v.ToCardText())));
    }

    [Fact]
    public void Other_texts_are_not_a_marital_status()
    {
        Assert.Throws<FormatException>(() => MaritalStatuses.Parse("MENIKAH SIRI"));
    }

    [Fact]
    public void Ever_married_means_any_status_but_belum_kawin()
    {
        Assert.False(MaritalStatus.BelumKawin.HasEverMarried());
        Assert.True(MaritalStatus.Kawin.HasEverMarried());
        Assert.True(MaritalStatus.CeraiHidup.HasEverMarried());
        Assert.True(MaritalStatus.CeraiMati.HasEverMarried());
    }
}

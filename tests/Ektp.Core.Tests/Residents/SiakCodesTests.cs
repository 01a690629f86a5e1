using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class SiakCodesTests
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
    public void Blood_type_texts()
    {
        Assert.Equal("-", BloodType.Unknown.ToCardText());
        Assert.Equal("TIDAK TAHU", BloodType.Unknown.ToSiakText());
        Assert.Equal("AB", BloodType.AB.ToCardText());
        Assert.False(BloodTypes.TryParse("C", out _));
        Assert.Throws<FormatException>(() => BloodTypes.Parse("Z"));
    }

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
    public void Citizenship_parses_and_prints()
    {
        Assert.Equal(Citizenship.Wni, Citizenships.Parse("wni"));
        Assert.Equal(Citizenship.Wna, Citizenships.Parse("WNA"));
        Assert.Equal("WNI", Citizenship.Wni.ToCardText());
        Assert.False(Citizenships.TryParse("ID", out _));
    }

    [Fact]
    public void Card_texts_are_Indonesian()
    {
        Assert.Equal("BELUM KAWIN", MaritalStatus.BelumKawin.ToCardText());
        Assert.Equal("ISLAM", Religion.Islam.ToCardText());
        Assert.Equal("SLTA/SEDERAJAT", Education.Slta.ToCardText());
    }

    [Fact]
    public void Every_card_text_parses_back_to_its_value()
    {
        Assert.All(Enum.GetValues<BloodType>(), v => Assert.Equal(v, BloodTypes.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<BloodType>(), v => Assert.Equal(v, BloodTypes.Parse(v.ToSiakText())));
        Assert.All(Enum.GetValues<Religion>(), v => Assert.Equal(v, Religions.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<MaritalStatus>(), v => Assert.Equal(v, MaritalStatuses.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<Education>(), v => Assert.Equal(v, Educations.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<Citizenship>(), v => Assert.Equal(v, Citizenships.Parse(v.ToCardText())));
        Assert.All(Enum.GetValues<RecordingLocation>(), v =>
        {
            Assert.True(RecordingLocations.TryParse(v.ToCode(), out var back));
            Assert.Equal(v, back);
            Assert.NotEmpty(v.ToIndonesian());
        });
    }

    [Fact]
    public void Unknown_texts_are_refused_with_a_format_error()
    {
        Assert.Throws<FormatException>(() => Religions.Parse("JEDI"));
        Assert.Throws<FormatException>(() => MaritalStatuses.Parse("MENIKAH SIRI"));
        Assert.Throws<FormatException>(() => Educations.Parse("TK"));
        Assert.Throws<FormatException>(() => Citizenships.Parse("X"));
        Assert.False(RecordingLocations.TryParse("moon", out _));
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

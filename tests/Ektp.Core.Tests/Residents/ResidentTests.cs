namespace Ektp.Core.Tests.Residents;

public class ResidentTests
{
    [Fact]
    public void Kecamatan_code_is_the_first_six_digits_of_the_kelurahan_code()
    {
        var siti = TestResidents.Siti();

        Assert.Equal("147201", siti.KecamatanCode);
        Assert.Equal("617205", (siti with { KelurahanCode = "6172051004" }).KecamatanCode);
    }

    [Fact]
    public void Residents_are_values()
    {
        Assert.Equal(TestResidents.Siti(), TestResidents.Siti());
        Assert.NotEqual(TestResidents.Siti(), TestResidents.Siti() with { Rt = 4 });
    }
}

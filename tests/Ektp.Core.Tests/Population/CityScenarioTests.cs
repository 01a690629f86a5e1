using Ektp.Core.Population;

namespace Ektp.Core.Tests.Population;

public class CityScenarioTests
{
    [Fact]
    public void Dumai_2013_has_the_figures_of_the_article()
    {
        var dumai = CityScenario.Dumai2013;

        Assert.Equal(("1472", new DateOnly(2013, 12, 19)), (dumai.KabKotaCode, dumai.AsOf));
        Assert.Equal((270_000, 188_927, 155_469), (dumai.Population, dumai.WajibKtp, dumai.Recorded));
        Assert.Equal(82.29, Math.Round(100.0 * dumai.Recorded / dumai.WajibKtp, 2));
    }

    [Fact]
    public void Singkawang_2017_has_the_figures_of_the_article()
    {
        var singkawang = CityScenario.Singkawang2017;

        Assert.Equal(("6172", new DateOnly(2017, 10, 13)), (singkawang.KabKotaCode, singkawang.AsOf));
        Assert.Equal((262_210, 187_433, 137_533), (singkawang.Population, singkawang.WajibKtp, singkawang.Recorded));
        Assert.Equal(73.38, Math.Round(100.0 * singkawang.Recorded / singkawang.WajibKtp, 2));
    }

    [Theory]
    [InlineData("dumai-2013", "1472")]
    [InlineData("DUMAI-2013", "1472")]
    [InlineData(" singkawang-2017 ", "6172")]
    public void Scenarios_are_found_by_name(string name, string code)
    {
        Assert.Equal(code, CityScenario.ByName(name)?.KabKotaCode);
    }

    [Fact]
    public void Unknown_scenario_name_gives_null()
    {
        Assert.Null(CityScenario.ByName("jakarta-2020"));
    }

    [Fact]
    public void Small_scenario_is_about_70_percent_wajib_and_80_percent_of_those_recorded()
    {
        var small = CityScenario.Small("1472", 1000, new DateOnly(2014, 1, 1), 7);

        Assert.Equal((1000, 700, 560, 7), (small.Population, small.WajibKtp, small.Recorded, small.Seed));
    }
}

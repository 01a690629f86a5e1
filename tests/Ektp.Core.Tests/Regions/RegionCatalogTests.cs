using Ektp.Core.Regions;

namespace Ektp.Core.Tests.Regions;

public class RegionCatalogTests
{
    [Fact]
    public void Official_catalog_finds_Kota_Dumai_by_dotted_and_plain_code()
    {
        var dotted = RegionCatalog.Official.Find("14.72");
        var plain = RegionCatalog.Official.Find("1472");

        Assert.NotNull(dotted);
        Assert.Equal("Kota Dumai", dotted.Name);
        Assert.Same(dotted, plain);
    }
}

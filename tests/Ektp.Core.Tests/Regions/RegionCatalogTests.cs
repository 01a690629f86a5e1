using Ektp.Core.Regions;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Regions;

public class RegionCatalogTests
{
    private static readonly RegionCatalog Official = RegionCatalog.Official;

    [Fact]
    public void Official_catalog_finds_Kota_Dumai_by_dotted_and_plain_code()
    {
        var dotted = Official.Find("14.72");
        var plain = Official.Find("1472");

        Assert.NotNull(dotted);
        Assert.Equal("Kota Dumai", dotted.Name);
        Assert.Equal(RegionLevel.KabupatenKota, dotted.Level);
        Assert.Equal("14", dotted.ParentCode);
        Assert.Same(dotted, plain);
    }

    [Theory]
    [InlineData("14", "Riau", RegionLevel.Provinsi)]
    [InlineData("147201", "Dumai Barat", RegionLevel.Kecamatan)]
    [InlineData("14.72.01", "Dumai Barat", RegionLevel.Kecamatan)]
    [InlineData("1472011003", "Pangkalan Sesai", RegionLevel.KelurahanDesa)]
    [InlineData("14.72.01.1003", "Pangkalan Sesai", RegionLevel.KelurahanDesa)]
    [InlineData(" 6172 ", "Kota Singkawang", RegionLevel.KabupatenKota)]
    public void Find_accepts_every_level_dotted_or_plain(string code, string name, RegionLevel level)
    {
        var region = Official.Find(code);

        Assert.NotNull(region);
        Assert.Equal(name, region.Name);
        Assert.Equal(level, region.Level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("147")]
    [InlineData("14.7.2")]
    [InlineData("1472.01")]
    [InlineData("14-72")]
    [InlineData("99")]
    [InlineData("1472999999")]
    [InlineData("14.72.01.1003.1")]
    [InlineData("１４")]
    public void Find_returns_null_for_malformed_or_unknown_codes(string code) => Assert.Null(Official.Find(code));

    [Fact]
    public void Official_catalog_has_the_documented_counts()
    {
        var byLevel = Official.All.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(38, byLevel[RegionLevel.Provinsi]);
        Assert.Equal(514, byLevel[RegionLevel.KabupatenKota]);
        Assert.Equal(7285, byLevel[RegionLevel.Kecamatan]);
        Assert.Equal(83762, byLevel[RegionLevel.KelurahanDesa]);
    }

    [Fact]
    public void Region_digits_drop_the_dots()
    {
        Assert.Equal("1472011003", Official.Find("14.72.01.1003")!.Digits);
    }

    [Fact]
    public void Names_with_commas_in_quotes_are_read_whole()
    {
        Assert.Equal("Lubuk Pakam I,II", Official.Find("12.07.28.1007")!.Name);
    }

    [Fact]
    public void Children_of_Dumai_are_its_seven_kecamatan_in_code_order()
    {
        var children = Official.Children("1472");

        Assert.Equal(7, children.Count);
        Assert.All(children, c => Assert.Equal(RegionLevel.Kecamatan, c.Level));
        Assert.Equal("14.72.01", children[0].Code);
        Assert.Equal("Dumai Selatan", children[^1].Name);
    }

    [Fact]
    public void Children_of_a_kelurahan_or_unknown_code_are_empty()
    {
        Assert.Empty(Official.Children("1472011003"));
        Assert.Empty(Official.Children("99"));
        Assert.Empty(Official.Children("garbage"));
    }

    [Fact]
    public void Ancestors_list_province_first_and_exclude_the_region_itself()
    {
        var chain = Official.Ancestors("14.72.01.1003");

        Assert.Equal(["14", "14.72", "14.72.01"], chain.Select(r => r.Code));
        Assert.Empty(Official.Ancestors("14"));
        Assert.Empty(Official.Ancestors("99.99"));
    }

    [Fact]
    public void Descendants_of_Dumai_at_kelurahan_level_are_its_36_kelurahan()
    {
        var kelurahan = Official.Descendants("1472", RegionLevel.KelurahanDesa).ToList();

        Assert.Equal(36, kelurahan.Count);
        Assert.All(kelurahan, k => Assert.StartsWith("14.72.", k.Code, StringComparison.Ordinal));
        Assert.Equal(kelurahan.OrderBy(k => k.Code, StringComparer.Ordinal), kelurahan);
    }

    [Fact]
    public void Descendants_at_the_same_or_a_higher_level_are_empty()
    {
        Assert.Empty(Official.Descendants("1472", RegionLevel.KabupatenKota));
        Assert.Empty(Official.Descendants("1472", RegionLevel.Provinsi));
    }

    [Fact]
    public void Singkawang_has_five_kecamatan_and_26_kelurahan()
    {
        Assert.Equal(5, Official.Descendants("61.72", RegionLevel.Kecamatan).Count());
        Assert.Equal(26, Official.Descendants("61.72", RegionLevel.KelurahanDesa).Count());
    }

    [Theory]
    [InlineData("Dumai")]
    [InlineData("dumai")]
    [InlineData("Kota Dumai")]
    [InlineData("KOTA DUMAI")]
    public void FindByName_ignores_case_and_the_kota_prefix(string name)
    {
        var found = Official.FindByName(name, RegionLevel.KabupatenKota);

        Assert.Equal("14.72", Assert.Single(found).Code);
    }

    [Fact]
    public void FindByName_ignores_the_kabupaten_prefix()
    {
        var found = Official.FindByName("aceh selatan");

        Assert.Contains(found, r => r.Code == "11.01");
    }

    [Fact]
    public void FindByName_without_level_returns_every_level_in_code_order()
    {
        var found = Official.FindByName("Bukit Kapur");

        Assert.Contains(found, r => r.Code == "14.72.03");
        Assert.Contains(found, r => r.Code == "14.72.03.1007");
        Assert.Equal(found.OrderBy(r => r.Code, StringComparer.Ordinal), found);
    }

    [Fact]
    public void FindByName_ignores_the_administrasi_prefix_of_Jakarta()
    {
        var found = Official.FindByName("jakarta utara", RegionLevel.KabupatenKota);

        Assert.Equal("31.72", Assert.Single(found).Code);
        Assert.Equal("Kota Administrasi Jakarta Utara", found[0].Name);
    }

    [Fact]
    public void Names_are_trimmed_on_load()
    {
        Assert.All(Official.All, r => Assert.Equal(r.Name.Trim(), r.Name));
    }

    [Fact]
    public void FindByName_of_an_unknown_name_is_empty()
    {
        Assert.Empty(Official.FindByName("Atlantis"));
    }

    [Fact]
    public void Population_is_known_for_provinces_and_kab_kota_only()
    {
        Assert.Equal(355_256, Official.Population("14.72"));
        Assert.Equal(249_954, Official.Population("6172"));
        Assert.NotNull(Official.Population("14"));
        Assert.Null(Official.Population("147201"));
        Assert.Null(Official.Population("xx"));
    }

    [Fact]
    public void Load_reads_a_small_list_and_rejects_a_bad_line()
    {
        var csv = "kode,nama,level,parent\n91,Papua,1,\n91.01,Kabupaten Merauke,2,91\n";

        var catalog = RegionCatalog.Load(new StringReader(csv));

        Assert.Equal(2, catalog.Count);
        Assert.Equal("91", catalog.Children("91").Single().ParentCode);
        Assert.Null(catalog.Population("91"));
        Assert.Throws<FormatException>(
            () => RegionCatalog.Load(new StringReader("kode,nama,level,parent\n91,Papua,2,\n")));
    }

    [Fact]
    public void Official_is_one_shared_instance()
    {
        var results = new RegionCatalog[8];
        Parallel.For(0, results.Length, i => results[i] = RegionCatalog.Official);

        Assert.All(results, r => Assert.Same(Official, r));
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Every_region_is_found_by_its_code_and_by_its_digits(AnyRegion any) =>
        ReferenceEquals(Official.Find(any.Region.Code), any.Region)
        && ReferenceEquals(Official.Find(any.Region.Digits), any.Region);

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Every_region_is_among_the_children_of_its_parent(AnyRegion any) =>
        any.Region.ParentCode is null
            ? any.Region.Level == RegionLevel.Provinsi
            : Official.Children(any.Region.ParentCode).Contains(any.Region);

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Ancestors_are_the_code_prefixes_one_per_level_above(AnyRegion any)
    {
        var ancestors = Official.Ancestors(any.Region.Code);
        return ancestors.Count == (int)any.Region.Level - 1
            && ancestors.Select((a, i) => a.Level == (RegionLevel)(i + 1)
                && any.Region.Digits.StartsWith(a.Digits, StringComparison.Ordinal)).All(ok => ok);
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Every_region_is_found_by_its_name_at_its_level(AnyRegion any) =>
        Official.FindByName(any.Region.Name, any.Region.Level).Contains(any.Region);
}

using Ektp.Core.Regions;

namespace Ektp.Regional;

/// <summary>The kab/kota this server serves, resolved once at start-up from the official region codes.</summary>
internal sealed record RegionalInfo(Region KabKota, Region Province, string OfficeName)
{
    public string Digits => KabKota.Digits;
    public string Name => KabKota.Name;

    public static RegionalInfo Resolve(string code, string? officeName, RegionCatalog regions)
    {
        var region = regions.Find(code);
        if (region is null || region.Level != RegionLevel.KabupatenKota)
        {
            throw new ArgumentException(
                $"Region {code} is not a kabupaten/kota in the official list (give 4 digits such as 1472 for Kota Dumai).",
                nameof(code));
        }

        var province = regions.Find(region.ParentCode!)!;
        return new RegionalInfo(region, province, officeName ?? $"Disdukcapil {region.Name}");
    }

    /// <summary>True when a 10-digit kelurahan code or 6-digit kecamatan code lies inside this kab/kota.</summary>
    public bool Contains(string digits) => digits.StartsWith(Digits, StringComparison.Ordinal);
}

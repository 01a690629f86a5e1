using Ektp.Core.Regions;

namespace Ektp.Regional.Printing;

/// <summary>
/// The offices that hold blank cards and print: the Disdukcapil itself (the kab/kota code, e.g. `1472`) and any
/// kecamatan office of the kab/kota (its 6-digit code, e.g. `147201`).
/// </summary>
internal sealed class PrintOffices(RegionalInfo region, RegionCatalog regions)
{
    public string Main => region.Digits;

    public bool IsValid(string? code) =>
        code is not null && (code == region.Digits ||
                             (code.Length == 6 && region.Contains(code) &&
                              regions.Find(code) is { Level: RegionLevel.Kecamatan }));

    public string NameOf(string code) => code == region.Digits
        ? region.OfficeName
        : $"Kantor Kecamatan {regions.Find(code)?.Name ?? code}";

    public IReadOnlyList<(string Code, string Name)> All() =>
    [
        (region.Digits, region.OfficeName),
        .. regions.Children(region.Digits).Where(r => r.Level == RegionLevel.Kecamatan)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => (r.Digits, $"Kantor Kecamatan {r.Name}")),
    ];
}

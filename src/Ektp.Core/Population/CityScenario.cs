namespace Ektp.Core.Population;

/// <summary>
/// The parameters of a synthetic city: the kab/kota, the reference date and the counts the generated population must
/// reproduce exactly.
/// </summary>
/// <param name="Name">A short name such as <c>dumai-2013</c>.</param>
/// <param name="KabKotaCode">The 4-digit kab/kota code without dots, e.g. <c>1472</c>.</param>
/// <param name="AsOf">The reference date of the counts.</param>
/// <param name="Population">The number of residents.</param>
/// <param name="WajibKtp">How many of them are wajib KTP on <paramref name="AsOf"/>.</param>
/// <param name="Recorded">How many of the wajib KTP have recorded on or before <paramref name="AsOf"/>.</param>
/// <param name="Seed">The random seed; the same scenario always gives the same city.</param>
public sealed record CityScenario(
    string Name, string KabKotaCode, DateOnly AsOf, int Population, int WajibKtp, int Recorded, int Seed)
{
    /// <summary>
    /// Kota Dumai (Riau) on 19 December 2013: 188,927 wajib KTP, 155,469 recorded (82.29 %). The article gives no
    /// total population; 270,000 is an estimate (wajib KTP are about 70 % of residents in Riau's cities, and Dumai
    /// counted about 280,000 residents in the 2010s).
    /// </summary>
    public static CityScenario Dumai2013 { get; } =
        new("dumai-2013", "1472", new DateOnly(2013, 12, 19), 270_000, 188_927, 155_469, 1472_2013);

    /// <summary>
    /// Kota Singkawang (Kalimantan Barat) on 13 October 2017: 262,210 residents, 187,433 wajib KTP, 137,533 recorded
    /// (73.38 %).
    /// </summary>
    public static CityScenario Singkawang2017 { get; } =
        new("singkawang-2017", "6172", new DateOnly(2017, 10, 13), 262_210, 187_433, 137_533, 6172_2017);

    /// <summary>The named scenarios: <c>dumai-2013</c> and <c>singkawang-2017</c>.</summary>
    public static IReadOnlyList<CityScenario> Known { get; } = [Dumai2013, Singkawang2017];

    /// <summary>Finds a named scenario (<c>dumai-2013</c>, <c>singkawang-2017</c>), ignoring case.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The scenario, or null.</returns>
    public static CityScenario? ByName(string name) =>
        Known.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A small scenario for tests and demos: about 70 % wajib KTP, about 80 % of those recorded.
    /// </summary>
    /// <param name="kabKotaCode">The 4-digit kab/kota code.</param>
    /// <param name="population">The number of residents.</param>
    /// <param name="asOf">The reference date.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The scenario.</returns>
    public static CityScenario Small(string kabKotaCode, int population, DateOnly asOf, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        var wajib = (int)Math.Round(population * 0.70);
        var recorded = (int)Math.Round(wajib * 0.80);
        return new CityScenario($"small-{kabKotaCode}", kabKotaCode, asOf, population, wajib, recorded, seed);
    }
}

using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Core.Text;

namespace Ektp.Core.Population;

/// <summary>
/// What differs from city to city in the generator: the religious mix, the time zone and the places of birth.
/// Shares are rough figures from BPS / Dukcapil publications, good enough for synthetic data.
/// </summary>
internal sealed class CityProfile
{
    // Weights in the order of the Religion enum: Islam, Kristen, Katolik, Hindu, Buddha, Konghucu, Kepercayaan.
    private static readonly double[] National = [87.0, 7.4, 3.1, 1.7, 0.7, 0.05, 0.05];

    private static readonly Dictionary<string, double[]> ByRegion = new(StringComparer.Ordinal)
    {
        // Kota Dumai: Malay and Javanese Muslims, Batak Christians, a Chinese Buddhist and Confucian community.
        ["1472"] = [84.0, 8.5, 2.0, 0.1, 4.6, 0.7, 0.1],

        // Kota Singkawang: about half Chinese (Buddhist, Confucian, Catholic), the rest Malay, Dayak and others.
        ["6172"] = [50.0, 6.5, 8.5, 0.2, 29.0, 5.6, 0.2],
        ["12"] = [64.0, 27.0, 7.0, 0.1, 1.8, 0.05, 0.05],
        ["14"] = [87.0, 9.5, 1.2, 0.05, 2.0, 0.2, 0.05],
        ["21"] = [79.0, 10.0, 2.5, 0.2, 8.0, 0.3, 0.1],
        ["51"] = [10.0, 1.5, 1.0, 87.0, 0.5, 0.01, 0.01],
        ["53"] = [9.0, 35.0, 54.0, 0.5, 0.1, 0.01, 1.0],
        ["61"] = [60.0, 12.0, 22.0, 0.1, 5.0, 0.8, 0.1],
        ["62"] = [74.0, 16.0, 3.0, 6.0, 0.5, 0.05, 0.5],
        ["71"] = [31.0, 63.0, 4.5, 0.6, 0.2, 0.05, 0.05],
        ["81"] = [49.0, 44.0, 6.5, 0.1, 0.1, 0.01, 0.1],
        ["91"] = [16.0, 66.0, 17.0, 0.1, 0.1, 0.01, 0.1],
    };

    private static readonly string[] DistantCities =
    [
        "JAKARTA", "MEDAN", "PADANG", "PEKANBARU", "PALEMBANG", "PONTIANAK", "BANDUNG", "SURABAYA", "SEMARANG",
        "YOGYAKARTA", "JAMBI", "TANJUNG PINANG", "BUKITTINGGI", "PEMATANGSIANTAR", "MAKASSAR",
    ];

    private CityProfile(double[] religionWeights, TimeSpan utcOffset, string cityName, string[] distant)
    {
        ReligionWeights = religionWeights;
        UtcOffset = utcOffset;
        CityName = cityName;
        DistantBirthPlaces = distant;
    }

    public double[] ReligionWeights { get; }

    public TimeSpan UtcOffset { get; }

    /// <summary>The kab/kota name in upper case without its prefix, as written for a place of birth.</summary>
    public string CityName { get; }

    public string[] DistantBirthPlaces { get; }

    public static CityProfile For(Region kabKota)
    {
        var province = kabKota.Digits[..2];
        var weights = ByRegion.GetValueOrDefault(kabKota.Digits)
            ?? ByRegion.GetValueOrDefault(province)
            ?? (province.StartsWith('9') ? ByRegion["91"] : National);
        var name = PlaceName(kabKota.Name);
        return new CityProfile(
            weights, OffsetOf(province), name, DistantCities.Where(c => c != name).ToArray());
    }

    public Religion PickReligion(Rng rng) => (Religion)rng.Weighted(ReligionWeights);

    /// <summary>
    /// A kab/kota name as a place of birth: <c>Kota Dumai</c> → <c>DUMAI</c>,
    /// <c>Kota Administrasi Jakarta Utara</c> → <c>JAKARTA UTARA</c>.
    /// </summary>
    public static string PlaceName(string regionName)
    {
        var name = regionName.Trim();
        foreach (var prefix in (ReadOnlySpan<string>)["Kabupaten ", "Kota ", "Administrasi "])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
            }
        }

        return SiakText.Normalize(name);
    }

    // WIB (UTC+7) in Sumatra, Java, West and Central Kalimantan; WITA (UTC+8) in Bali, Nusa Tenggara, South, East and
    // North Kalimantan and Sulawesi; WIT (UTC+9) in Maluku and Papua.
    private static TimeSpan OffsetOf(string province) => province switch
    {
        "51" or "52" or "53" or "63" or "64" or "65" => TimeSpan.FromHours(8),
        _ when province[0] == '7' => TimeSpan.FromHours(8),
        _ when province[0] is '8' or '9' => TimeSpan.FromHours(9),
        _ => TimeSpan.FromHours(7),
    };
}

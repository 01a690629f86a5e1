using Ektp.Core.Regions;

namespace Ektp.Core.Population;

/// <summary>
/// A deterministic, seeded generator of a realistic synthetic population for any kab/kota, streamed family by family.
/// See <c>docs/domain.md</c> for its assumptions.
/// </summary>
public static class SyntheticCity
{
    /// <summary>The day recording for the e-KTP began (the national programme started in August 2011).</summary>
    public static readonly DateOnly RecordingStart = new(2011, 8, 1);

    /// <summary>
    /// Generates the families of a scenario. Residents, wajib KTP on <see cref="CityScenario.AsOf"/> and wajib-KTP
    /// residents recorded on or before it come out exactly as in the scenario. The same scenario always yields the
    /// same sequence. Memory stays small: the family plan (3 bytes a family) and the serial counters of NIK and KK
    /// prefixes are kept; residents are made one family at a time.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The families, lazily, head of family first in each.</returns>
    /// <exception cref="ArgumentException">
    /// The kab/kota code is not in the region list, or the counts are impossible (recorded over wajib KTP, wajib KTP
    /// over population, children with no adult).
    /// </exception>
    public static IEnumerable<SyntheticFamily> Generate(CityScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var generator = new CityGenerator(scenario, RegionCatalog.Official);
        return generator.Families();
    }
}

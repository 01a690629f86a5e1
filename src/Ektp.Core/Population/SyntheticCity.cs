namespace Ektp.Core.Population;

/// <summary>
/// A deterministic, seeded generator of a realistic synthetic population for any kab/kota, streamed family by family.
/// </summary>
public static class SyntheticCity
{
    /// <summary>
    /// Generates the families of a scenario; the counts of residents, wajib KTP and recorded residents come out
    /// exactly as in the scenario. The same scenario always yields the same sequence.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The families, lazily.</returns>
    public static IEnumerable<SyntheticFamily> Generate(CityScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        throw new NotImplementedException("The generator is being written.");
    }
}

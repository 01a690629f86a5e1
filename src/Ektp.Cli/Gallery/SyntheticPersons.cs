using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Cli.Gallery;

/// <summary>
/// Synthetic persons for the gallery benchmarks (the generator of `ektp fingerprints bench`, never for accuracy
/// claims): right thumb and index of person n as impression k; two impressions of one person are mates.
/// </summary>
internal static class SyntheticPersons
{
    /// <summary>
    /// Person <paramref name="person"/> as impression <paramref name="impression"/>: the right thumb and index,
    /// or only the right index when <paramref name="count"/> is 1 (the gallery tests use one finger to make
    /// duplicates harder to find).
    /// </summary>
    public static Dictionary<FingerPosition, FingerprintTemplate> Fingers(int person, int impression, int count = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 2);
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        var noise = new SyntheticFingers(SyntheticFingers.ImpressionSeed(person, impression));
        var fingers = new Dictionary<FingerPosition, FingerprintTemplate>();
        if (count == 2)
        {
            fingers[FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb));
        }

        fingers[FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index));
        return fingers;
    }

    /// <summary>Persons 0 … count−1 (impression 0), generated on all cores, handed over in batches.</summary>
    public static IEnumerable<Dictionary<FingerPosition, FingerprintTemplate>[]> Batches(int from, int count,
        int batch = 10_000)
    {
        for (var start = from; start < from + count; start += batch)
        {
            var size = Math.Min(batch, from + count - start);
            var persons = new Dictionary<FingerPosition, FingerprintTemplate>[size];
            Parallel.For(0, size, i => persons[i] = Fingers(start + i, 0));
            yield return persons;
        }
    }
}

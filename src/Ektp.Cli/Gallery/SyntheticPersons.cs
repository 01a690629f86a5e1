using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Cli.Gallery;

/// <summary>
/// Synthetic persons for the gallery benchmarks (the generator of `ektp fingerprints bench`, never for accuracy
/// claims): right thumb and index of person n as impression k; two impressions of one person are mates.
/// </summary>
internal static class SyntheticPersons
{
    public static Dictionary<FingerPosition, FingerprintTemplate> Fingers(int person, int impression)
    {
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        var noise = new SyntheticFingers(SyntheticFingers.ImpressionSeed(person, impression));
        return new()
        {
            [FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb)),
            [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
        };
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

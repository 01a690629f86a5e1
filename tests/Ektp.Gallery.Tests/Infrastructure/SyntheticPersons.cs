using Ektp.Biometrics;
using Ektp.Biometrics.Engine.Search;

namespace Ektp.Gallery.Tests.Infrastructure;

/// <summary>Synthetic persons (the generator of `ektp fingerprints bench`): right thumb and index of person n,
/// as the impression numbered <c>impression</c>; different impressions of one person are mates.</summary>
internal static class SyntheticPersons
{
    public static Dictionary<FingerPosition, FingerprintTemplate> Fingers(int person, int impression, int count = 2)
    {
        var generator = new SyntheticFingers(person);
        var thumb = generator.Finger();
        var index = generator.Finger();
        // A fixed seed per impression (HashCode.Combine is seeded anew in every process), so every run of a test
        // sees the same impressions.
        var noise = new SyntheticFingers(unchecked((person * 7919) + (impression * 104_729) + 0x5EED));
        var fingers = new Dictionary<FingerPosition, FingerprintTemplate>
        {
            [FingerPosition.RightIndex] = SyntheticFingers.Template(noise.Impression(index)),
        };
        if (count > 1)
        {
            fingers[FingerPosition.RightThumb] = SyntheticFingers.Template(noise.Impression(thumb));
        }

        return fingers;
    }
}

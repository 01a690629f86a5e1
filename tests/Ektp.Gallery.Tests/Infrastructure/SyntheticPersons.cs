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
        var noise = new SyntheticFingers(SyntheticFingers.ImpressionSeed(person, impression));
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

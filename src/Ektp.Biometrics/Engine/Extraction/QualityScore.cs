namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Image quality 0–100 = 100 × clarity × area × minutiae, each factor in [0, 1]:
/// clarity is the mean ridge-orientation coherence of the print (clear parallel ridges → 1, smudge or noise → 0),
/// area is the print's share of a 12 × 12 mm reference area (√, so half the area costs ~30 %),
/// minutiae is the number of reliable minutiae over 20 (too few to identify anyone below that).
/// </summary>
internal static class QualityScore
{
    // 12 mm on a side, in extraction pixels.
    private static readonly double ReferenceAreaPixels =
        Math.Pow(12 / 25.4 * Parameters.ExtractionDpi, 2);
    private const double ReferenceMinutiae = 20.0;

    public static int Compute(BlockField field, int minutiae)
    {
        double coherence = 0;
        var blocks = 0;
        for (var i = 0; i < field.Mask.Length; i++)
        {
            if (field.Mask[i])
            {
                coherence += Math.Clamp((field.Coherence[i] - 0.15) / 0.5, 0, 1);
                blocks++;
            }
        }

        if (blocks == 0)
        {
            return 0;
        }

        var clarity = coherence / blocks;
        var area = Math.Min(1, Math.Sqrt(blocks * Parameters.BlockSize * Parameters.BlockSize / ReferenceAreaPixels));
        var count = Math.Min(1, minutiae / ReferenceMinutiae);
        return (int)Math.Round(100 * clarity * area * count);
    }
}

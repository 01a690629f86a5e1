using Ektp.Biometrics.Engine.Extraction;
using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Engine.Search;

/// <summary>
/// The pre-filter: a 2048-bit set of quantised neighbour edges (length, direction relative to the minutia,
/// neighbour direction relative to the minutia) of each minutia's nearest neighbours. It is invariant to
/// rotation and translation, so two impressions of a finger share many bits and unrelated fingers few.
/// The similarity is the number of shared bits above what chance gives for sets of these sizes, divided by
/// √(bits in the gallery set), roughly a z-score, so busy templates do not win by default. Widening the probe's
/// set into neighbouring bins was measured and lost more to chance collisions than it gained.
/// </summary>
internal static class Signature
{
    public const int Words = Parameters.SignatureWords;
    private const int EdgesPerMinutia = 12;
    private const int LengthBins = 16;
    private const int LengthBin = 10;
    private const int AngleBins = 8;
    private const int AngleBin = 256 / AngleBins;
    private const int RefBins = 16;
    private const int RefBin = 256 / RefBins;

    public static void Compute(LocalStructure structure, Span<ulong> bits)
    {
        bits.Clear();
        for (var i = 0; i < structure.Count; i++)
        {
            var end = Math.Min(structure.EdgeStart[i + 1], structure.EdgeStart[i] + EdgesPerMinutia);
            for (var e = structure.EdgeStart[i]; e < end; e++)
            {
                var edge = structure.Edges[e];
                if (edge.Length >= LengthBins * LengthBin)
                {
                    continue;
                }

                var l = edge.Length / LengthBin;
                var r = edge.RefAngle / RefBin;
                var n = edge.NeighbourAngle / AngleBin;
                Set(bits, l, r, n);
            }
        }
    }

    public static int Count(ReadOnlySpan<ulong> bits)
    {
        var count = 0;
        foreach (var w in bits)
        {
            count += System.Numerics.BitOperations.PopCount(w);
        }

        return count;
    }

    private static void Set(Span<ulong> bits, int l, int r, int n)
    {
        var code = (((l * RefBins) + r) * AngleBins) + n;
        bits[code >> 6] |= 1UL << (code & 63);
    }
}

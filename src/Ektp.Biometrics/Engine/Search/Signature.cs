using Ektp.Biometrics.Engine.Extraction;
using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Engine.Search;

/// <summary>
/// The pre-filter: a 2048-bit set of quantised minutia pairs — every ordered pair of minutiae less than 192 px
/// apart, by distance (16 bins of 12 px), direction of the pair relative to the first minutia (16 bins) and the
/// second minutia's direction relative to the first (8 bins). It is invariant to rotation and translation, so two
/// impressions of a finger share many bits and unrelated fingers few. All pairs within a radius, rather than each
/// minutia's k nearest neighbours, because one missing or spurious minutia changes many nearest-neighbour sets
/// but only its own pairs: on FVC2002 DB1–DB3 (240 images, every genuine pair against all impostors) the share of
/// mates ranked within the best 0.5 % rose from 29 % to 45 % and the mean penetration fell from 15.8 % to 10.4 %.
/// The similarity is the number of shared bits above what chance gives for sets of these sizes, divided by
/// √(bits in the gallery set), roughly a z-score, so busy templates do not win by default.
/// </summary>
internal static class Signature
{
    public const int Words = Parameters.SignatureWords;
    private const int LengthBins = 16;
    private const int LengthBin = 12;
    private const int MaxLength = LengthBins * LengthBin;
    private const int RefBins = 16;
    private const int RefBin = 256 / RefBins;
    private const int AngleBins = 8;
    private const int AngleBin = 256 / AngleBins;

    // Every vector between two minutiae that can form a pair has |dx|, |dy| < MaxLength.
    private const int TableRadius = MaxLength - 1;
    private const int TableSide = (2 * TableRadius) + 1;
    private const uint NoPair = uint.MaxValue;

    /// <summary>
    /// For each vector (dx, dy) with |dx|, |dy| &lt; <see cref="MaxLength"/>, indexed <c>(dy + r) * side + dx + r</c>:
    /// the byte angle of (dx, dy) in bits 0–7, of (−dx, −dy) in bits 8–15 and the length bin in bits 16–19, or
    /// <see cref="NoPair"/> when it is not a pair (zero, or <see cref="MaxLength"/> long or more). Built once from the
    /// square root and arctangent that define the signature, so one lookup per unordered pair of minutiae gives
    /// exactly their bits for both orders at a fraction of the cost (587 KB, within a core's second-level cache).
    /// </summary>
    private static readonly uint[] PairTable = BuildPairTable();

    public static void Compute(LocalStructure structure, Span<ulong> bits) =>
        Compute(structure.X, structure.Y, structure.Angle, bits);

    /// <summary>
    /// A template's signature, as the gallery files and searches it: from all its minutiae, except that a template
    /// this engine extracted (it has an orientation grid, and its minutia quality is this engine's local clarity)
    /// leaves out those below <see cref="Parameters.SignatureMinQuality"/>, unless fewer than
    /// <see cref="FingerprintQuality.MinimumMinutiae"/> would be left. Minutiae from elsewhere (ISO records, whose
    /// quality is another vendor's scale) all count.
    /// </summary>
    public static void Compute(FingerprintTemplate template, Span<ulong> bits)
    {
        var minutiae = template.MinutiaSpan;
        if (template.Orientation is null)
        {
            Compute(minutiae, bits);
            return;
        }

        var kept = 0;
        foreach (var m in minutiae)
        {
            kept += m.Quality >= Parameters.SignatureMinQuality ? 1 : 0;
        }

        if (kept < FingerprintQuality.MinimumMinutiae || kept == minutiae.Length)
        {
            Compute(minutiae, bits);
            return;
        }

        Span<Minutia> clear = kept <= 256 ? stackalloc Minutia[kept] : new Minutia[kept];
        var k = 0;
        foreach (var m in minutiae)
        {
            if (m.Quality >= Parameters.SignatureMinQuality)
            {
                clear[k++] = m;
            }
        }

        Compute(clear, bits);
    }

    /// <summary>The same signature straight from the minutiae, without a matching structure.</summary>
    public static void Compute(ReadOnlySpan<Minutia> minutiae, Span<ulong> bits)
    {
        var n = minutiae.Length;
        Span<short> x = stackalloc short[n];
        Span<short> y = stackalloc short[n];
        Span<byte> angle = stackalloc byte[n];
        for (var i = 0; i < n; i++)
        {
            (x[i], y[i], angle[i]) = (minutiae[i].X, minutiae[i].Y, minutiae[i].Angle);
        }

        Compute(x, y, angle, bits);
    }

    private static void Compute(ReadOnlySpan<short> xs, ReadOnlySpan<short> ys, ReadOnlySpan<byte> angles,
        Span<ulong> bits)
    {
        bits.Clear();
        var n = xs.Length;
        var table = PairTable;
        for (var i = 0; i < n; i++)
        {
            int xi = xs[i] - TableRadius, yi = ys[i] - TableRadius, ai = angles[i];
            for (var j = i + 1; j < n; j++)
            {
                var dx = xs[j] - xi;
                var dy = ys[j] - yi;
                if ((uint)dx >= TableSide || (uint)dy >= TableSide)
                {
                    continue;
                }

                var entry = table[(dy * TableSide) + dx];
                if (entry == NoPair)
                {
                    continue;
                }

                // The pair seen from minutia i, then from minutia j.
                int aj = angles[j], length = (int)(entry >> 16) * RefBins;
                Set(bits, length, (int)entry - ai, aj - ai);
                Set(bits, length, (int)(entry >> 8) - aj, ai - aj);
            }
        }
    }

    private static void Set(Span<ulong> bits, int length, int direction, int angle)
    {
        var code = ((length + ((direction & 255) / RefBin)) * AngleBins) + ((angle & 255) / AngleBin);
        bits[code >> 6] |= 1UL << (code & 63);
    }

    private static uint[] BuildPairTable()
    {
        var table = new uint[TableSide * TableSide];
        for (var dy = -TableRadius; dy <= TableRadius; dy++)
        {
            for (var dx = -TableRadius; dx <= TableRadius; dx++)
            {
                var d2 = (dx * dx) + (dy * dy);
                table[((dy + TableRadius) * TableSide) + dx + TableRadius] = d2 >= MaxLength * MaxLength || d2 == 0
                    ? NoPair
                    : ((uint)((int)Math.Sqrt(d2) / LengthBin) << 16) | ((uint)Angles.FromVector(-dx, -dy) << 8) |
                      Angles.FromVector(dx, dy);
            }
        }

        return table;
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

    /// <summary>Pre-filter similarity of a gallery signature to a probe signature, as the gallery scan computes it.</summary>
    public static float Similarity(ReadOnlySpan<ulong> probe, ReadOnlySpan<ulong> gallery)
    {
        var shared = 0;
        for (var w = 0; w < probe.Length; w++)
        {
            shared += System.Numerics.BitOperations.PopCount(probe[w] & gallery[w]);
        }

        var count = Count(gallery);
        var density = Count(probe) / (float)(Words * 64);
        return count == 0 ? 0 : (shared - (count * density)) / MathF.Sqrt(count);
    }
}

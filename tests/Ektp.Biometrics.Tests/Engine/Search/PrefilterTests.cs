using Ektp.Biometrics.Engine.Search;

namespace Ektp.Biometrics.Tests.Engine.Search;

public class PrefilterTests
{
    private static readonly Lazy<List<(string Group, FingerprintTemplate Template)>> Sample = new(() =>
        [.. new[] { "DB1_B", "DB3_B" }.SelectMany(db => Directory.GetFiles(TestData.Sample(db), "*.png")
            .Order(StringComparer.Ordinal)
            .Select(p => (db + Path.GetFileName(p)[..3], FingerprintTemplate.Extract(FingerprintImage.Decode(File.ReadAllBytes(p))))))]);

    [Fact]
    public void Signature_similarity_is_highest_for_the_same_template_and_zero_for_an_empty_one()
    {
        var t = Sample.Value;
        var bits = t.Select(x => Bits(x.Template)).ToList();
        var self = Signature.Similarity(bits[0], bits[0]);
        Assert.All(bits.Skip(1), b => Assert.True(Signature.Similarity(bits[0], b) < self));
        Assert.Equal(0, Signature.Similarity(bits[0], new ulong[Signature.Words]));
    }

    [Fact]
    public void Mates_rank_well_above_chance_among_impostors()
    {
        var result = PrefilterEvaluation.Run(Sample.Value);

        // 6 fingers x 8 impressions: 6 x 8 x 7 ordered probe-mate pairs, each ranked against 40 impostors.
        Assert.Equal(6 * 8 * 7, result.GenuinePairs);

        // A signature that knew nothing would give a mean penetration near 50 %.
        Assert.InRange(result.MeanPenetration, 0, 20);
        Assert.True(result.WithinTenPercent > 60, $"{result.WithinTenPercent} % of mates within the best 10 %");
    }

    private static ulong[] Bits(FingerprintTemplate template)
    {
        var bits = new ulong[Signature.Words];
        Signature.Compute(template.Structure, bits);
        return bits;
    }
}

using Ektp.Biometrics.Engine.Matching;
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

    [Fact]
    public void Extracted_templates_leave_unclear_minutiae_out_of_their_signature_and_other_templates_keep_them_all()
    {
        static ulong[] Of(ReadOnlySpan<Minutia> minutiae)
        {
            var bits = new ulong[Signature.Words];
            Signature.Compute(minutiae, bits);
            return bits;
        }

        static ulong[] Filed(FingerprintTemplate template)
        {
            var bits = new ulong[Signature.Words];
            Signature.Compute(template, bits);
            return bits;
        }

        static int Clear(FingerprintTemplate t) => t.Minutiae.Count(m => m.Quality >= Parameters.SignatureMinQuality);

        // An extracted print (with its orientation grid) that has unclear minutiae and enough clear ones.
        var template = Sample.Value.Select(t => t.Template)
            .First(t => Clear(t) < t.Minutiae.Count && Clear(t) >= FingerprintQuality.MinimumMinutiae);
        Assert.NotNull(template.Orientation);
        var clear = template.Minutiae.Where(m => m.Quality >= Parameters.SignatureMinQuality).ToArray();
        Assert.Equal(Of(clear), Filed(template));
        Assert.NotEqual(Of(template.MinutiaSpan), Filed(template));

        // The same minutiae from elsewhere (no grid: an ISO record, another vendor's quality scale): all count.
        var foreign = FingerprintTemplate.FromMinutiae(template.Minutiae, template.Width, template.Height, template.Quality);
        Assert.Null(foreign.Orientation);
        Assert.Equal(Of(template.MinutiaSpan), Filed(foreign));

        // An extracted print with fewer clear minutiae than an enrollment needs: all count rather than a bare few.
        var few = template.Minutiae.Select((m, i) => m with { Quality = (byte)(i < FingerprintQuality.MinimumMinutiae - 1 ? 90 : 10) });
        var blurred = new FingerprintTemplate([.. few], template.Width, template.Height, template.Quality) { Orientation = template.Orientation };
        Assert.Equal(Of(blurred.MinutiaSpan), Filed(blurred));
    }

    [Fact]
    public void Signature_from_the_lookup_table_has_the_bits_of_the_arctangent_formula()
    {
        var fingers = Sample.Value.Select(t => t.Template.Minutiae.ToArray()).ToList();
        for (var seed = 0; seed < 300; seed++)
        {
            var generator = new SyntheticFingers(seed);
            var finger = generator.Finger();
            fingers.Add(finger);
            fingers.Add(generator.Impression(finger));
        }

        // Extremes: pairs just inside and outside the longest length, every direction, coincident minutiae.
        fingers.Add([.. Enumerable.Range(0, 80).Select(k => new Minutia(
            (short)(400 + (int)Math.Round(191.5 * Math.Cos(k * Math.PI / 40))),
            (short)(400 + (int)Math.Round(191.5 * Math.Sin(k * Math.PI / 40))), (byte)(k * 3), MinutiaType.Ending, 50))]);
        fingers.Add([new Minutia(10, 10, 0, MinutiaType.Ending, 50), new Minutia(10, 10, 64, MinutiaType.Ending, 50),
            new Minutia(201, 10, 128, MinutiaType.Ending, 50), new Minutia(10, 202, 200, MinutiaType.Ending, 50),
            new Minutia(145, 145, 7, MinutiaType.Ending, 50), new Minutia(146, 146, 9, MinutiaType.Ending, 50)]);

        // Minutiae in any order (the signature takes them by y), on the vector path and on the scalar one.
        foreach (var minutiae in fingers)
        {
            var reference = ReferenceBits(minutiae);
            var shuffled = minutiae.OrderBy(m => (m.X * 7919) ^ m.Angle).ToArray();
            foreach (var order in new[] { minutiae, shuffled, [.. minutiae.Reverse()] })
            {
                foreach (var vectorised in new[] { true, false })
                {
                    var bits = new ulong[Signature.Words];
                    MatchEngine.Vectorised = vectorised;
                    try
                    {
                        Signature.Compute(order, bits);
                    }
                    finally
                    {
                        MatchEngine.Vectorised = true;
                    }

                    Assert.Equal(reference, bits);
                }
            }
        }
    }

    // The signature as first defined: a square root and an arctangent for every pair.
    private static ulong[] ReferenceBits(Minutia[] m)
    {
        var bits = new ulong[Signature.Words];
        for (var i = 0; i < m.Length; i++)
        {
            for (var j = 0; j < m.Length; j++)
            {
                var dx = m[j].X - m[i].X;
                var dy = m[j].Y - m[i].Y;
                var d2 = (dx * dx) + (dy * dy);
                if (j == i || d2 >= 192 * 192 || d2 == 0)
                {
                    continue;
                }

                var l = (int)Math.Sqrt(d2) / 12;
                var direction = (int)Math.Round(Math.Atan2(dy, dx) * 256 / (2 * Math.PI)) & 255;
                var r = (byte)(direction - m[i].Angle) / 16;
                var a = (byte)(m[j].Angle - m[i].Angle) / 32;
                var code = (((l * 16) + r) * 8) + a;
                bits[code >> 6] |= 1UL << (code & 63);
            }
        }

        return bits;
    }

    private static ulong[] Bits(FingerprintTemplate template)
    {
        var bits = new ulong[Signature.Words];
        Signature.Compute(template.Structure, bits);
        return bits;
    }
}

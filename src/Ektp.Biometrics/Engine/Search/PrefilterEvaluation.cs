using Ektp.Biometrics.Engine.Matching;

namespace Ektp.Biometrics.Engine.Search;

/// <summary>How well the pre-filter ranks a mate among impostors, on real images.</summary>
/// <param name="GenuinePairs">Ordered (probe, mate) pairs measured.</param>
/// <param name="MeanPenetration">Mean share of impostors scoring at least as high as the mate, percent.</param>
/// <param name="WithinHalfPercent">Share of mates ranked within the best 0.5 % of impostors, percent.</param>
/// <param name="WithinTwoPercent">The same within 2 %.</param>
/// <param name="WithinTenPercent">The same within 10 %.</param>
internal sealed record PrefilterResult(
    int GenuinePairs, double MeanPenetration, double WithinHalfPercent, double WithinTwoPercent, double WithinTenPercent);

/// <summary>
/// Every template in turn is the probe; its mates (same group) are ranked by pre-filter similarity against
/// every template of another group. The penetration of a mate is the share of impostors scoring at least as high:
/// a search that keeps the best x % of a gallery finds that mate when its penetration is at most x %.
/// </summary>
internal static class PrefilterEvaluation
{
    public static PrefilterResult Run(IReadOnlyList<(string Group, FingerprintTemplate Template)> templates)
    {
        var bits = templates.Select(t =>
        {
            var b = new ulong[Signature.Words];
            Signature.Compute(t.Template, b);
            return b;
        }).ToArray();
        var penetrations = new List<double>();
        var scores = new float[templates.Count];
        for (var a = 0; a < templates.Count; a++)
        {
            for (var g = 0; g < templates.Count; g++)
            {
                scores[g] = Signature.Similarity(bits[a], bits[g]);
            }

            for (var b = 0; b < templates.Count; b++)
            {
                if (b == a || templates[b].Group != templates[a].Group)
                {
                    continue;
                }

                int above = 0, impostors = 0;
                for (var c = 0; c < templates.Count; c++)
                {
                    if (templates[c].Group == templates[a].Group)
                    {
                        continue;
                    }

                    impostors++;
                    if (scores[c] >= scores[b])
                    {
                        above++;
                    }
                }

                penetrations.Add(impostors == 0 ? 0 : (double)above / impostors);
            }
        }

        if (penetrations.Count == 0)
        {
            return new PrefilterResult(0, 0, 0, 0, 0);
        }

        double Share(double limit) => 100.0 * penetrations.Count(p => p <= limit) / penetrations.Count;
        return new PrefilterResult(
            penetrations.Count, 100 * penetrations.Average(), Share(0.005), Share(0.02), Share(0.10));
    }
}

namespace Ektp.Core.Population;

/// <summary>The kinds of household the generator makes.</summary>
internal enum FamilyKind : byte
{
    /// <summary>Husband (head), wife and one or more children under 17.</summary>
    CoupleWithChildren,

    /// <summary>Husband, wife, one to three children of 17 or over and possibly younger ones.</summary>
    CoupleWithAdultChildren,

    /// <summary>Husband, wife, a widowed parent of the head, and possibly children under 17.</summary>
    CoupleWithGrandparent,

    /// <summary>A young unmarried adult with a card of their own.</summary>
    YoungSingle,

    /// <summary>A divorced or widowed parent with children under 17.</summary>
    SingleParent,

    /// <summary>A couple whose children have left.</summary>
    OlderCouple,

    /// <summary>An older person living alone.</summary>
    OlderSingle,

    /// <summary>A newly married couple without children.</summary>
    YoungCouple,
}

/// <summary>One planned family: its kind, how many members are 17 or over and how many are under 17.</summary>
internal readonly record struct FamilyPlan(FamilyKind Kind, byte Adults, byte Children);

/// <summary>
/// Plans the families of a city so that the number of residents of 17 and over and of residents under 17 come out
/// exactly. Only this small plan (3 bytes a family) is held; residents are made from it one family at a time.
/// </summary>
internal static class FamilyPlanner
{
    public const int MaxChildren = 8;

    private static readonly double[] KindWeights = [40, 25, 7, 5, 6, 7, 4, 6];

    public static FamilyPlan[] Plan(Rng rng, int adults, int children)
    {
        var plans = new List<FamilyPlan>(adults / 2 + 1);
        var ratio = adults == 0 ? 0 : (double)children / adults;
        var adultsLeft = adults;
        var childrenLeft = children;
        while (adultsLeft > 0)
        {
            var kind = (FamilyKind)rng.Weighted(KindWeights);
            var grown = kind switch
            {
                FamilyKind.CoupleWithAdultChildren => 2 + 1 + rng.Weighted([45, 35, 20]),
                FamilyKind.CoupleWithGrandparent => 3,
                FamilyKind.YoungSingle or FamilyKind.SingleParent or FamilyKind.OlderSingle => 1,
                _ => 2,
            };

            // Keep children and adults running out together: more children when they are behind, fewer when ahead.
            var steer = ratio == 0 ? 0 : Math.Clamp((double)childrenLeft / adultsLeft / ratio, 0, 4);
            var young = kind switch
            {
                FamilyKind.CoupleWithChildren => 1 + Poisson(rng, 1.0 * steer),
                FamilyKind.CoupleWithAdultChildren => Poisson(rng, 0.4 * steer),
                FamilyKind.CoupleWithGrandparent => Poisson(rng, 0.8 * steer),
                FamilyKind.SingleParent => 1 + Poisson(rng, 0.5 * steer),
                _ => 0,
            };

            if (grown > adultsLeft)
            {
                (kind, grown) = adultsLeft switch
                {
                    1 => (young > 0 ? FamilyKind.SingleParent : FamilyKind.YoungSingle, 1),
                    2 => (young > 0 ? FamilyKind.CoupleWithChildren : FamilyKind.YoungCouple, 2),
                    _ => (kind, adultsLeft),
                };
            }

            young = Math.Min(Math.Min(young, childrenLeft), MaxChildren);
            if (young == 0)
            {
                kind = kind switch
                {
                    FamilyKind.CoupleWithChildren => FamilyKind.YoungCouple,
                    FamilyKind.SingleParent => FamilyKind.YoungSingle,
                    _ => kind,
                };
            }

            plans.Add(new FamilyPlan(kind, (byte)grown, (byte)young));
            adultsLeft -= grown;
            childrenLeft -= young;
        }

        Place(rng, plans, ref childrenLeft);
        if (childrenLeft > 0)
        {
            throw new ArgumentException("There are too many children under 17 for the adults of the scenario.");
        }

        return [.. plans];
    }

    // Children left over by chance go to families that can take them, from the end of the plan backwards; a family
    // without children is turned into one with children when nothing else can take them.
    private static void Place(Rng rng, List<FamilyPlan> plans, ref int childrenLeft)
    {
        for (var round = 0; childrenLeft > 0 && round < MaxChildren; round++)
        {
            for (var i = plans.Count - 1; i >= 0 && childrenLeft > 0; i--)
            {
                var plan = plans[i];
                var kind = plan.Kind switch
                {
                    FamilyKind.YoungCouple => FamilyKind.CoupleWithChildren,
                    FamilyKind.YoungSingle => FamilyKind.SingleParent,
                    FamilyKind.OlderSingle or FamilyKind.OlderCouple when round > 0 => plan.Adults == 1
                        ? FamilyKind.SingleParent
                        : FamilyKind.CoupleWithChildren,
                    _ => plan.Kind,
                };
                var canTake = kind is FamilyKind.CoupleWithChildren or FamilyKind.CoupleWithAdultChildren
                    or FamilyKind.CoupleWithGrandparent or FamilyKind.SingleParent;
                if (!canTake || plan.Children >= MaxChildren || (round == 0 && !rng.Chance(0.5)))
                {
                    continue;
                }

                plans[i] = plan with { Kind = kind, Children = (byte)(plan.Children + 1) };
                childrenLeft--;
            }
        }
    }

    private static int Poisson(Rng rng, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit && k < MaxChildren)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }
}

using Ektp.Core.Population;

namespace Ektp.Core.Tests.Population;

public class RngTests
{
    [Fact]
    public void Same_seed_gives_the_same_numbers_in_every_process()
    {
        // Pinned values: a change here changes every seeded city, so it must be deliberate.
        var rng = new Rng(42);

        Assert.Equal(
            [0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL],
            [rng.NextUInt64(), rng.NextUInt64()]);
    }

    [Fact]
    public void Between_stays_in_bounds_and_covers_them()
    {
        var rng = new Rng(7);
        var seen = new HashSet<int>();
        for (var i = 0; i < 10_000; i++)
        {
            var x = rng.Between(3, 9);
            Assert.InRange(x, 3, 9);
            seen.Add(x);
        }

        Assert.Equal(7, seen.Count);
        Assert.Equal(5, rng.Between(5, 5));
    }

    [Fact]
    public void Weighted_follows_the_weights()
    {
        var rng = new Rng(1);
        var counts = new int[3];
        for (var i = 0; i < 30_000; i++)
        {
            counts[rng.Weighted([1, 2, 0])]++;
        }

        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[1] / (double)counts[0], 1.8, 2.2);
    }
}

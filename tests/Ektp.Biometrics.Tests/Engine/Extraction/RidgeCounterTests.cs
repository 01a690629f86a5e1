using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Tests.Engine.Extraction;

public class RidgeCounterTests
{
    // Straight dark ridges along x, 9 px apart at 500 dpi (FVC2002's typical period), in a square of print 240 px wide
    // on a flat background.
    private const int Side = 320;
    private const int Print = 240;
    private const double Period = 9;

    private static readonly Lazy<(bool[] Ridges, BlockField Field, int Width, int Height, double Scale)> Stripes = new(() =>
    {
        var pixels = new byte[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                // Darkest (a ridge's centre line) at y = Period * (k + 0.5).
                var inside = Math.Abs(x - (Side / 2)) < Print / 2 && Math.Abs(y - (Side / 2)) < Print / 2;
                pixels[(y * Side) + x] = (byte)Math.Round(128 - (inside ? 70 * Math.Sin(2 * Math.PI * y / Period) : 0));
            }
        }

        var (image, width, height) = FingerprintImage.FromPixels(pixels, Side, Side).At(Parameters.ExtractionDpi);
        var field = BlockField.Compute(image, width, height);
        var ridges = Binarizer.Binarize(image, width, height, field, out _);
        return (ridges, field, width, height, (double)Parameters.ExtractionDpi / Parameters.InternalDpi);
    });

    // A point given at 500 dpi, in the extraction's pixels.
    private static (int X, int Y) At(double x, double y)
    {
        var s = Stripes.Value.Scale;
        return ((int)Math.Round(((x + 0.5) * s) - 0.5), (int)Math.Round(((y + 0.5) * s) - 0.5));
    }

    private static byte Count((int X, int Y) a, (int X, int Y) b)
    {
        var (ridges, field, width, height, _) = Stripes.Value;
        return RidgeCounter.Count(ridges, field, width, height, a.X, a.Y, b.X, b.Y);
    }

    // The centre line of ridge k (500-dpi y).
    private static double Ridge(int k) => Period * (k + 0.25);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_line_across_the_ridges_counts_those_between_its_ends(int apart)
    {
        // From the centre of one ridge straight across to the centre of another: the ridges strictly between.
        var from = At(160, Ridge(12));
        var to = At(160, Ridge(12 + apart));
        Assert.Equal(apart - 1, Count(from, to));
        Assert.Equal(apart - 1, Count(to, from));
    }

    [Fact]
    public void A_slanted_line_counts_the_ridges_between_give_or_take_the_end_ridge_it_meets_at_a_slant()
    {
        // Between ridges 12 and 17 lie 4; a line at 40 degrees to them runs into ridge 17 over more pixels than the
        // end it leaves out, so it may count it too. The matcher takes counts that differ by one as agreeing.
        var from = At(120, Ridge(12));
        var to = At(180, Ridge(17));
        Assert.InRange(Count(from, to), 4, 5);
        Assert.InRange(Count(to, from), 4, 5);
    }

    [Fact]
    public void A_line_along_a_ridge_crosses_none()
    {
        Assert.Equal(0, Count(At(100, Ridge(15)), At(200, Ridge(15))));
    }

    [Fact]
    public void A_line_that_leaves_the_print_is_not_counted()
    {
        // From inside the square of ridges out over the flat background.
        Assert.Equal(RidgeCounter.Unknown, Count(At(160, Ridge(12)), At(160, 10)));
        Assert.Equal(RidgeCounter.Unknown, Count(At(160, Ridge(12)), At(310, Ridge(12))));
    }
}

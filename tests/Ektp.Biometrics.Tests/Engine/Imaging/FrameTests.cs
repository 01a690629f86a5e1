using Ektp.Biometrics.Engine.Imaging;

namespace Ektp.Biometrics.Tests.Engine.Imaging;

/// <summary>
/// Padding of one constant grey around a print (white, black or mid-grey, as capture programs add it to reach a fixed
/// image size) is left out of extraction: the template is the unpadded one, moved by the padding.
/// </summary>
public class FrameTests
{
    [Theory]
    [InlineData("DB3_B", 255)] // a white frame around a sensor whose own background is mid-grey
    [InlineData("DB3_B", 0)]
    [InlineData("DB1_B", 0)] // a black frame around a white background
    [InlineData("DB1_B", 128)]
    public void A_padded_print_gives_the_unpadded_template_moved_by_the_padding(string db, byte fill)
    {
        var plain = FingerprintImage.Decode(TestData.SampleBytes(db, "101_1.png"));
        var padded = Pad(plain, fill, left: 37, top: 50, right: 80, bottom: 13);

        var expected = FingerprintTemplate.Extract(plain);
        var actual = FingerprintTemplate.Extract(padded);

        Assert.Equal(expected.Minutiae.Select(m => m with { X = (short)(m.X + 37), Y = (short)(m.Y + 50) }), actual.Minutiae);
        Assert.Equal(expected.Quality, actual.Quality);
        Assert.Equal((padded.Width, padded.Height), (actual.Width, actual.Height));
        Assert.True(FingerprintMatcher.Score(expected, actual) > 2 * FingerprintMatcher.DefaultThreshold);
    }

    [Fact]
    public void Padding_of_whole_cells_moves_the_orientation_grid_by_whole_cells()
    {
        var plain = FingerprintImage.Decode(TestData.SampleBytes("DB3_B", "102_3.png"));
        var expected = FingerprintTemplate.Extract(plain).Orientation!;

        // 64 and 32 px at 500 dpi are two and one cells of the grid.
        var actual = FingerprintTemplate.Extract(Pad(plain, 255, left: 64, top: 32, right: 20, bottom: 0)).Orientation!;

        Assert.Equal(expected[0] + 2, actual[0]);
        Assert.Equal(expected[1] + 1, actual[1]);
        Assert.Equal(expected.AsSpan(2).ToArray(), actual.AsSpan(2).ToArray());
    }

    [Fact]
    public void Constant_rows_are_left_out_first_then_constant_columns_of_the_rows_that_are_left()
    {
        // 200 x 150: two white rows on top, a black column at the right of the rows below, and a noisy middle.
        const int W = 200, H = 150;
        var pixels = new byte[W * H];
        var random = new Random(3);
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                pixels[(y * W) + x] = y < 2 ? (byte)255 : x == W - 1 ? (byte)0 : (byte)random.Next(40, 200);
            }
        }

        Assert.Equal((0, 2, 1, 0), Frame.Find(pixels, W, H, 500));
    }

    [Fact]
    public void An_image_that_is_all_frame_or_whose_rest_is_too_small_is_read_whole()
    {
        Assert.Equal(default, Frame.Find(new byte[200 * 200], 200, 200, 500));

        // A 60 px square of texture in a 200 px frame: less than the smallest image the decoder accepts.
        var pixels = new byte[200 * 200];
        for (var y = 70; y < 130; y++)
        {
            for (var x = 70; x < 130; x++)
            {
                pixels[(y * 200) + x] = (byte)((x * 7) + (y * 13));
            }
        }

        Assert.Equal(default, Frame.Find(pixels, 200, 200, 500));
    }

    private static FingerprintImage Pad(FingerprintImage image, byte fill, int left, int top, int right, int bottom)
    {
        int w = image.Width + left + right, h = image.Height + top + bottom;
        var pixels = new byte[w * h];
        pixels.AsSpan().Fill(fill);
        for (var y = 0; y < image.Height; y++)
        {
            image.Pixels.Slice(y * image.Width, image.Width).CopyTo(pixels.AsSpan(((top + y) * w) + left, image.Width));
        }

        return FingerprintImage.FromPixels(pixels, w, h);
    }
}

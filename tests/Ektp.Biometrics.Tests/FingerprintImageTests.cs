using SkiaSharp;

namespace Ektp.Biometrics.Tests;

public class FingerprintImageTests
{
    private static FingerprintImage SampleImage() => FingerprintImage.Decode(TestData.SampleBytes("DB1_B", "101_1.png"));

    [Fact]
    public void Decodes_a_grayscale_png_at_500_dpi()
    {
        var image = SampleImage();
        Assert.Equal(388, image.Width);
        Assert.Equal(374, image.Height);
        Assert.Equal(388 * 374, image.Pixels.Length);
    }

    [Fact]
    public void A_shift_by_one_pixel_moves_the_captured_pixels_and_repeats_the_last_row_and_column()
    {
        const int W = 160, H = 140;
        var gray = Enumerable.Range(0, W * H).Select(i => (byte)((i * 7) % 251)).ToArray();
        var image = FingerprintImage.FromPixels(gray, W, H, 569);
        var shifted = image.ShiftedByOnePixel();
        var (moved, w, h) = shifted.At(569);
        Assert.Equal((W, H, 569), (w, h, shifted.OriginalDpi));
        Assert.Equal((image.Width, image.Height), (shifted.Width, shifted.Height));
        Assert.Equal(gray[(11 * W) + 6], moved[(10 * W) + 5]);
        Assert.Equal(gray[((H - 1) * W) + W - 1], moved[((H - 1) * W) + W - 1]);
        Assert.Equal(gray[((H - 1) * W) + 31], moved[((H - 2) * W) + 30]);
        Assert.Equal(gray[((H - 1) * W) + 31], moved[((H - 1) * W) + 30]);
    }

    [Fact]
    public void Rescales_other_resolutions_to_500_dpi()
    {
        var image = FingerprintImage.Decode(TestData.SampleBytes("DB1_B", "101_1.png"), 569);
        Assert.Equal((int)Math.Round(388 * 500 / 569.0), image.Width);
        Assert.Equal(569, image.OriginalDpi);
    }

    [Fact]
    public void Tiff_bmp_and_png_of_the_same_pixels_decode_identically()
    {
        var png = SampleImage();
        var pixels = png.Pixels.ToArray();
        var tiff = FingerprintImage.Decode(Images.Tiff(pixels, png.Width, png.Height));
        var bmp = FingerprintImage.Decode(Images.Bmp(pixels, png.Width, png.Height));
        Assert.True(tiff.Pixels.SequenceEqual(png.Pixels));
        Assert.True(bmp.Pixels.SequenceEqual(png.Pixels));
    }

    [Fact]
    public void Decodes_a_grayscale_jpeg()
    {
        var png = SampleImage();
        var jpeg = FingerprintImage.Decode(Images.Jpeg(png.Pixels.ToArray(), png.Width, png.Height));
        Assert.Equal(png.Width, jpeg.Width);
    }

    [Theory]
    [InlineData(new byte[0], "image-empty")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "image-unsupported-format")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image-unsupported-format")]
    public void Rejects_unusable_bytes_with_a_stable_code(byte[] bytes, string code)
    {
        var ex = Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(bytes));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Truncated_png_is_reported_as_truncated()
    {
        var bytes = TestData.SampleBytes("DB1_B", "101_1.png");
        var ex = Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Equal("image-truncated", ex.Code);
    }

    [Fact]
    public void Truncated_tiff_is_reported_as_truncated()
    {
        var png = SampleImage();
        var tiff = Images.Tiff(png.Pixels.ToArray(), png.Width, png.Height);
        var ex = Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(tiff.AsSpan(0, tiff.Length - 1000)));
        Assert.Equal("image-truncated", ex.Code);
    }

    [Fact]
    public void Colour_image_is_not_grayscale()
    {
        var png = Images.Png(200, 200, (x, y) => new SKColor((byte)x, (byte)y, 30), SKColorType.Rgba8888);
        var ex = Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(png));
        Assert.Equal("image-not-grayscale", ex.Code);
    }

    [Fact]
    public void Rgb_and_compressed_tiffs_are_refused()
    {
        var pixels = new byte[200 * 200];
        Assert.Equal("image-not-grayscale", Assert.Throws<FingerprintImageException>(
            () => FingerprintImage.Decode(Images.Tiff(pixels, 200, 200, samples: 3))).Code);
        Assert.Equal("image-unsupported-format", Assert.Throws<FingerprintImageException>(
            () => FingerprintImage.Decode(Images.Tiff(pixels, 200, 200, compression: 5))).Code);
    }

    [Fact]
    public void Tiny_image_is_too_small()
    {
        var png = Images.Png(40, 40, (_, _) => SKColors.White);
        Assert.Equal("image-too-small", Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(png)).Code);
    }

    [Fact]
    public void Giant_dimensions_are_refused_before_allocating()
    {
        // The header claims 60000 x 60000 (3.6 GB of pixels) but only 100 bytes follow.
        var tiff = Images.Tiff(new byte[100], 60000, 60000);
        Assert.Equal("image-too-large", Assert.Throws<FingerprintImageException>(() => FingerprintImage.Decode(tiff)).Code);
    }

    [Fact]
    public void Corrupted_images_never_throw_anything_but_image_exceptions()
    {
        var png = TestData.SampleBytes("DB3_B", "101_1.png");
        var image = FingerprintImage.Decode(png);
        var tiff = Images.Tiff(image.Pixels.ToArray(), image.Width, image.Height);
        var random = new Random(7);
        foreach (var original in new[] { png, tiff })
        {
            for (var round = 0; round < 60; round++)
            {
                var bytes = (byte[])original.Clone();
                for (var k = 0; k < 1 + random.Next(20); k++)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 300))] = (byte)random.Next(256);
                }

                var cut = random.Next(2) == 0 ? bytes.Length : random.Next(bytes.Length);
                try
                {
                    FingerprintImage.Decode(bytes.AsSpan(0, cut));
                }
                catch (FingerprintImageException)
                {
                }
            }
        }
    }

    [Fact]
    public void Resolution_out_of_range_is_an_argument_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FingerprintImage.Decode([1, 2, 3], 100));
}

using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Tests.Engine.Extraction;

public class BlockFieldTests
{
    /// <summary>
    /// A grainy sensor background can be as contrasty as faint ridges; it is still not print. A disc of ridges (9 px
    /// apart at 500 dpi) on a grey background, both with the same strong noise: the foreground is the disc.
    /// </summary>
    [Fact]
    public void Noise_as_contrasty_as_ridges_is_background()
    {
        var random = new Random(11);
        AssertDiscIsTheForeground((x, y) =>
            22 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    /// <summary>
    /// A sensor's background can be shaded or blotched in slow waves as strong as the ridges (a capacitive sensor's
    /// smears, uneven lighting). Within a block's window such shading varies as much as faint ridges do, and it crosses
    /// its mean rarely, like ridges seen along their length; but it has no energy in the ridge band. A disc of ridges on
    /// a ground of slow waves (60 and 80 px long, ±45 grey levels) over the whole image: the foreground is the disc.
    /// </summary>
    [Fact]
    public void Slow_shading_as_strong_as_ridges_is_background() =>
        AssertDiscIsTheForeground((x, y) =>
            (25 * Math.Sin(2 * Math.PI * x / 60)) + (20 * Math.Cos(2 * Math.PI * ((0.3 * x) + y) / 80)));

    // A disc of ridges (9 px apart at 500 dpi) on a grey background, the given disturbance added everywhere.
    private static void AssertDiscIsTheForeground(Func<int, int, double> disturbance)
    {
        const int Side = 320, Radius = 110;
        var pixels = new byte[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                double dx = x - (Side / 2), dy = y - (Side / 2);
                var ridges = (dx * dx) + (dy * dy) <= Radius * Radius ? 45 * Math.Sin(2 * Math.PI * ((0.8 * x) + (0.6 * y)) / 9) : 0;
                pixels[(y * Side) + x] = (byte)Math.Clamp(Math.Round(128 + ridges + disturbance(x, y)), 0, 255);
            }
        }

        var (image, width, height) = FingerprintImage.FromPixels(pixels, Side, Side).At(Parameters.ExtractionDpi);
        var field = BlockField.Compute(image, width, height);

        // Blocks by where their centre falls, in 500-dpi pixels from the image's centre.
        var scale = (double)Parameters.InternalDpi / Parameters.ExtractionDpi;
        int inside = 0, insideMasked = 0, outside = 0, outsideMasked = 0;
        for (var by = 0; by < field.Rows; by++)
        {
            for (var bx = 0; bx < field.Columns; bx++)
            {
                var cx = (((bx * Parameters.BlockSize) + (Parameters.BlockSize / 2.0)) * scale) - (Side / 2);
                var cy = (((by * Parameters.BlockSize) + (Parameters.BlockSize / 2.0)) * scale) - (Side / 2);
                var r = Math.Sqrt((cx * cx) + (cy * cy));
                var masked = field.Mask[(by * field.Columns) + bx];
                if (r < Radius - 25)
                {
                    inside++;
                    insideMasked += masked ? 1 : 0;
                }
                else if (r > Radius + 25)
                {
                    outside++;
                    outsideMasked += masked ? 1 : 0;
                }
            }
        }

        Assert.True(insideMasked > 0.9 * inside, $"{insideMasked} of {inside} blocks of ridges in the foreground");
        Assert.True(outsideMasked < 0.05 * outside, $"{outsideMasked} of {outside} blocks of background in the foreground");
    }

    /// <summary>The gradient moments' vector loop and scalar loop give the same field, block for block.</summary>
    [Fact]
    public void The_scalar_loop_gives_the_field_of_the_vector_loop()
    {
        foreach (var db in new[] { "DB1_B", "DB3_B" })
        {
            foreach (var path in Directory.GetFiles(TestData.Sample(db), "*.png").Order(StringComparer.Ordinal).Take(3))
            {
                var (inner, _, _) = FingerprintImage.Decode(File.ReadAllBytes(path)).WithoutFrame();
                var (pixels, width, height) = inner.At(Parameters.ExtractionDpi);
                var vector = BlockField.Compute(pixels, width, height);
                BlockField.Vectorised = false;
                try
                {
                    var scalar = BlockField.Compute(pixels, width, height);
                    Assert.Equal(vector.Mask, scalar.Mask);
                    Assert.Equal(vector.Cos2, scalar.Cos2);
                    Assert.Equal(vector.Sin2, scalar.Sin2);
                    Assert.Equal(vector.Coherence, scalar.Coherence);
                    Assert.Equal(vector.Contrast, scalar.Contrast);
                    Assert.Contains(true, vector.Mask);
                }
                finally
                {
                    BlockField.Vectorised = true;
                }
            }
        }
    }
}

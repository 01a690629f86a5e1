using Ektp.Biometrics.Engine.Extraction;

namespace Ektp.Biometrics.Tests.Engine.Extraction;

public class BinarizerTests
{
    private const int Steps = Ektp.Biometrics.Parameters.DirectionSteps;

    /// <summary>
    /// The polynomial arctangent must give the step Math.Atan2 gives for every vector: random ones of every length,
    /// the axes and diagonals, zero, and vectors turned to within a hair of each rounding boundary between steps.
    /// </summary>
    [Fact]
    public void The_fast_direction_step_is_the_exact_one()
    {
        var random = new Random(5);
        for (var k = 0; k < 1_000_000; k++)
        {
            var length = Math.Pow(10, (random.NextDouble() * 8) - 6);
            var angle = ((random.NextDouble() * 2) - 1) * Math.PI;
            AssertSame(length * Math.Sin(angle), length * Math.Cos(angle));
        }

        // Boundaries: θ = (k + 0.5) · π / Steps, so the doubled angle is (2k + 1) · π / Steps.
        for (var k = 0; k < 2 * Steps; k++)
        {
            var boundary = ((2 * k) + 1) * Math.PI / Steps;
            foreach (var offset in new[] { 0, 1e-15, -1e-15, 1e-9, -1e-9, 1e-6, -1e-6, 3e-4, -3e-4, 2e-3, -2e-3 })
            {
                var (sin, cos) = Math.SinCos(boundary + offset);
                AssertSame(sin, cos);
                AssertSame(0.25 * sin, 0.25 * cos);
            }
        }

        var special = new[]
        {
            (0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (1.0, 1.0), (-1.0, 1.0), (1.0, -1.0),
            (-1.0, -1.0), (-0.0, -1.0), (0.0, -0.0), (1e-300, 1e-300), (-1e-12, 3e-12),
        };
        foreach (var (sin, cos) in special)
        {
            AssertSame(sin, cos);
        }
    }

    /// <summary>
    /// The vector loops of the line filters and their scalar loops give the same ridges, pixel for pixel.
    /// </summary>
    [Fact]
    public void The_scalar_loops_give_the_ridges_of_the_vector_loops()
    {
        foreach (var db in new[] { "DB1_B", "DB3_B" })
        {
            foreach (var path in Directory.GetFiles(TestData.Sample(db), "*.png").Order(StringComparer.Ordinal).Take(3))
            {
                var (inner, _, _) = FingerprintImage.Decode(File.ReadAllBytes(path)).WithoutFrame();
                var (pixels, width, height) = inner.At(Ektp.Biometrics.Parameters.ExtractionDpi);
                var field = BlockField.Compute(pixels, width, height);
                var vector = Binarizer.Binarize(pixels, width, height, field, out var vectorMask);
                Binarizer.Vectorised = false;
                try
                {
                    var scalar = Binarizer.Binarize(pixels, width, height, field, out var scalarMask);
                    Assert.Equal(vectorMask, scalarMask);
                    Assert.Equal(vector, scalar);
                    Assert.Contains(true, vector);
                }
                finally
                {
                    Binarizer.Vectorised = true;
                }
            }
        }
    }

    private static void AssertSame(double sin, double cos)
    {
        byte exact = Binarizer.QuantiseExactly(sin, cos), fast = Binarizer.Quantise(sin, cos);
        if (exact != fast)
        {
            Assert.Fail($"sin {sin:R}, cos {cos:R}: exact step {exact}, fast step {fast}");
        }
    }
}

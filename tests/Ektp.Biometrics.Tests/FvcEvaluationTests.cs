namespace Ektp.Biometrics.Tests;

public class FvcEvaluationTests
{
    [Fact]
    public void Evaluates_the_sample_with_the_fvc_pair_counts()
    {
        var result = FvcEvaluation.Evaluate(TestData.Sample("DB1_B"));
        Assert.Equal(3 * 28, result.GenuineScores.Count);
        Assert.Equal((24 * 23 / 2) - (3 * 28), result.ImpostorScores.Count);
        Assert.Equal(0, result.FailedExtractions);
        Assert.InRange(result.Eer, 0, 20);
        Assert.True(result.Fmr100 >= 0 && result.ZeroFmr >= result.Fmr1000 && result.Fmr1000 >= result.Fmr100);
        Assert.Equal("DB1_B", result.Name);
    }

    [Theory]
    [InlineData(296, 560, 569)] // FVC2002 DB2
    [InlineData(300, 480, 512)] // FVC2004 DB3
    [InlineData(96, 96, 250)] // FVC2006 DB1
    [InlineData(388, 374, 500)] // FVC2002 DB1
    [InlineData(328, 364, 500)] // FVC2004 DB2: 500 dpi, though named DB2_B like FVC2002's 569-dpi folder
    public void A_folder_is_read_at_its_sensors_resolution_known_by_the_frame_size(int width, int height, int dpi)
    {
        var folder = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString(), "DB2_B");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "1_1.tif"), [1, 2, 3]); // unreadable: the next image decides
            File.WriteAllBytes(Path.Combine(folder, "1_2.bmp"), Images.Bmp(new byte[width * height], width, height));
            Assert.Equal(dpi, FvcEvaluation.DefaultDpi(folder));
            Assert.Equal(dpi, FvcEvaluation.SensorDpi(width, height));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public void The_committed_samples_are_read_at_500_dpi()
    {
        Assert.Equal(500, FvcEvaluation.DefaultDpi(TestData.Sample("DB1_B")));
        Assert.Equal(500, FvcEvaluation.DefaultDpi(TestData.Sample("DB3_B")));
    }

    [SharedDataFact]
    public void The_development_set_is_read_at_the_resolutions_of_its_readme() =>
        Assert.Equal([500, 569, 500, 500], new[] { "DB1_B", "DB2_B", "DB3_B", "DB4_B" }.Select(db => FvcEvaluation.DefaultDpi(TestData.Shared(db))));

    [Fact]
    public void The_changed_runs_read_at_the_changed_resolutions_and_keep_the_pair_counts()
    {
        var lower = FvcEvaluation.Evaluate(TestData.Sample("DB3_B"), 500, FvcVariant.LowerResolution, measureSpeed: false);
        var higher = FvcEvaluation.Evaluate(TestData.Sample("DB3_B"), 500, FvcVariant.HigherResolution, measureSpeed: false);
        var shifted = FvcEvaluation.Evaluate(TestData.Sample("DB3_B"), 500, FvcVariant.ShiftedOnePixel, measureSpeed: false);
        Assert.Equal((470, 530, 500), (lower.Dpi, higher.Dpi, shifted.Dpi));
        Assert.All([lower, higher, shifted], r => Assert.Equal((3 * 28, 0), (r.GenuineScores.Count, r.FailedExtractions)));
        Assert.Equal(250, FvcEvaluation.Evaluate(TestData.Sample("DB3_B"), 250, FvcVariant.LowerResolution, measureSpeed: false).Dpi);
    }

    [Fact]
    public void A_run_without_timing_scores_the_same_and_reports_no_speed()
    {
        var timed = FvcEvaluation.Evaluate(TestData.Sample("DB3_B"));
        var untimed = FvcEvaluation.Evaluate(TestData.Sample("DB3_B"), measureSpeed: false);
        Assert.Equal(timed.GenuineScores, untimed.GenuineScores);
        Assert.Equal(timed.ImpostorScores, untimed.ImpostorScores);
        Assert.Equal((timed.Eer, timed.Fmr1000), (untimed.Eer, untimed.Fmr1000));
        Assert.True(timed.MsPerExtraction > 0 && timed.ComparisonsPerSecondPerCore > 0);
        Assert.Equal((0.0, 0.0), (untimed.MsPerExtraction, untimed.ComparisonsPerSecondPerCore));
    }

    [Fact]
    public void A_folder_without_images_is_an_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => FvcEvaluation.Evaluate(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString())));

    [Fact]
    public void Error_rates_are_zero_when_scores_separate() =>
        Assert.Equal((0.0, 0.0, 0.0, 0.0), ErrorRates.Compute([50, 60, 70], [1, 2, 3, 4]));

    [Fact]
    public void Error_rates_are_high_when_scores_overlap_completely()
    {
        var (eer, _, _, zero) = ErrorRates.Compute([1, 2, 3], [1, 2, 3]);
        Assert.InRange(eer, 30, 70);
        Assert.Equal(100, zero, 6);
    }
}

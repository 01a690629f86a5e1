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

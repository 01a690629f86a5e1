namespace Ektp.Biometrics.Tests;

public class FingerprintQualityTests
{
    [Fact]
    public void A_clear_sample_passes_the_enrollment_gate()
    {
        var template = TestData.SampleTemplate("DB1_B", "101_1.png");
        Assert.Null(FingerprintQuality.RejectionReason(template));
        Assert.True(template.Quality >= FingerprintQuality.MinimumForEnrollment);
    }

    [Fact]
    public void Too_few_minutiae_are_refused_with_a_reason()
    {
        var template = FingerprintTemplate.FromMinutiae(
            [new Minutia(10, 10, 0, MinutiaType.Ending, 50)], 300, 300, 90);
        Assert.Contains("minutiae", FingerprintQuality.RejectionReason(template));
    }

    [Fact]
    public void Low_quality_is_refused_with_a_reason()
    {
        var minutiae = Enumerable.Range(0, 30).Select(i => new Minutia((short)(10 * i), 50, 0, MinutiaType.Ending, 50));
        var template = FingerprintTemplate.FromMinutiae(minutiae, 300, 300, 10);
        Assert.Contains("quality", FingerprintQuality.RejectionReason(template));
    }

    [Theory]
    [InlineData(80, "good")]
    [InlineData(45, "usable")]
    [InlineData(25, "poor")]
    [InlineData(5, "unusable")]
    public void Describes_quality_in_words(int quality, string word) =>
        Assert.Equal(word, FingerprintQuality.Describe(quality));
}

using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class RecordingLocationsTests
{
    [Theory]
    [InlineData("office", RecordingLocation.Office)]
    [InlineData("KECAMATAN", RecordingLocation.Kecamatan)]
    [InlineData(" school ", RecordingLocation.School)]
    [InlineData("prison", RecordingLocation.Prison)]
    [InlineData("company", RecordingLocation.Company)]
    [InlineData("village", RecordingLocation.Village)]
    [InlineData("home", RecordingLocation.Home)]
    public void Location_parses_from_its_API_code(string code, RecordingLocation expected)
    {
        Assert.True(RecordingLocations.TryParse(code, out var location));
        Assert.Equal(expected, location);
    }

    [Fact]
    public void Every_location_has_a_code_that_parses_back_and_an_Indonesian_description()
    {
        Assert.All(Enum.GetValues<RecordingLocation>(), v =>
        {
            Assert.True(RecordingLocations.TryParse(v.ToCode(), out var back));
            Assert.Equal(v, back);
            Assert.NotEmpty(v.ToIndonesian());
        });
    }

    [Fact]
    public void Other_codes_are_not_a_location()
    {
        Assert.False(RecordingLocations.TryParse("moon", out _));
        Assert.False(RecordingLocations.TryParse(null, out _));
    }
}

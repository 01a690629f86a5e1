using Xunit.Abstractions;

namespace Ektp.Faces.Tests;

/// <summary>The whole ORL set (400 portraits of 40 people, AT&amp;T Laboratories Cambridge), padded as the committed
/// photos are: every portrait is one face, every pair of people side by side is two.</summary>
public sealed class OrlTests(ITestOutputHelper output)
{
    [OrlFact]
    public void Every_padded_orl_portrait_is_one_usable_face()
    {
        var files = Directory.GetFiles(TestPhotos.OrlRoot!, "*.png", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        var failed = new List<string>();
        foreach (var file in files)
        {
            var check = FaceDetector.Shared.Check(TestPhotos.OrlPadded(2, 360, 480, file));
            if (check.Outcome != FaceCheckOutcome.OneFace)
            {
                failed.Add($"{Path.GetRelativePath(TestPhotos.OrlRoot!, file)}: {check.Outcome}");
            }
        }

        output.WriteLine($"{files.Count - failed.Count} of {files.Count} ORL portraits pass; failed: " +
                         string.Join(", ", failed));
        Assert.Equal(400, files.Count);
        Assert.True(failed.Count <= files.Count / 100, string.Join(", ", failed));
    }

    [OrlFact]
    public void Two_orl_people_side_by_side_are_always_several_faces()
    {
        var subjects = Directory.GetDirectories(TestPhotos.OrlRoot!).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i + 1 < subjects.Count; i += 2)
        {
            var pair = TestPhotos.OrlPadded(2, 720, 480, Path.Combine(subjects[i], "05.png"),
                Path.Combine(subjects[i + 1], "05.png"));

            Assert.Equal(FaceCheckOutcome.SeveralFaces, FaceDetector.Shared.Check(pair).Outcome);
        }
    }
}

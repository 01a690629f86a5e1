using SkiaSharp;

namespace Ektp.Faces.Tests;

public sealed class FaceDetectorTests
{
    private static FaceDetector Detector => FaceDetector.Shared;

    [Fact]
    public void Model_input_is_read_from_its_metadata()
    {
        Assert.Equal((640, 640), Detector.InputSize);
    }

    [Fact]
    public void A_portrait_with_one_face_passes_the_check()
    {
        var check = Detector.Check(TestPhotos.OneFace);

        Assert.Equal(FaceCheckOutcome.OneFace, check.Outcome);
        Assert.Null(check.Reason);
        Assert.Equal((360, 480), (check.ImageWidth, check.ImageHeight));
        var face = check.Face!;
        Assert.InRange(face.Score, 0.8f, 1f);

        // The ORL portrait (scaled to 184 × 224) sits in the middle of the canvas; the face is inside it.
        Assert.InRange(face.Box.CentreX, 150, 210);
        Assert.InRange(face.Box.CentreY, 200, 300);
        Assert.InRange(face.Box.Height, 150, 230);
    }

    [Fact]
    public void Landmarks_lie_in_the_face_with_the_eyes_above_the_mouth()
    {
        var face = Detector.Check(TestPhotos.OneFace).Face!;
        var (rightEye, leftEye, nose, rightMouth, leftMouth) =
            (face.Landmarks[0], face.Landmarks[1], face.Landmarks[2], face.Landmarks[3], face.Landmarks[4]);

        Assert.Equal(5, face.Landmarks.Count);
        Assert.All(face.Landmarks, p => Assert.True(
            p.X >= face.Box.X && p.X <= face.Box.Right && p.Y >= face.Box.Y && p.Y <= face.Box.Bottom, $"{p} outside"));
        Assert.True(rightEye.X < leftEye.X, "the person's right eye is on the viewer's left");
        Assert.True(rightMouth.X < leftMouth.X);
        Assert.True(Math.Max(rightEye.Y, leftEye.Y) < nose.Y && nose.Y < Math.Min(rightMouth.Y, leftMouth.Y));
    }

    [Theory]
    [InlineData("one-face-s01.jpg")]
    [InlineData("one-face-s08.jpg")]
    [InlineData("one-face-s19.jpg")]
    [InlineData("one-face-s35.jpg")]
    public void Every_committed_one_face_photo_passes(string name)
    {
        Assert.Equal(FaceCheckOutcome.OneFace, Detector.Check(TestPhotos.Read(name)).Outcome);
    }

    [Fact]
    public void Two_people_side_by_side_are_several_faces()
    {
        var check = Detector.Check(TestPhotos.Read("two-faces-s01-s02.jpg"));

        Assert.Equal(FaceCheckOutcome.SeveralFaces, check.Outcome);
        Assert.Equal(2, check.Faces.Count);
        Assert.Contains("2 faces", check.Reason, StringComparison.Ordinal);
        Assert.True(check.Faces[0].Score >= check.Faces[1].Score, "best first");
    }

    [Fact]
    public void A_face_far_away_in_a_large_photo_is_too_small()
    {
        var check = Detector.Check(TestPhotos.Read("small-face-s03.jpg"));

        Assert.Equal(FaceCheckOutcome.FaceTooSmall, check.Outcome);
        Assert.Single(check.Faces);
        Assert.Null(check.Face);
        Assert.Contains("240 px", check.Reason, StringComparison.Ordinal); // 20 % of 1200
    }

    [Fact]
    public void Plain_grey_has_no_face()
    {
        var check = Detector.Check(TestPhotos.Plain(480, 640, new SKColor(128, 128, 128)));

        Assert.Equal(FaceCheckOutcome.NoFace, check.Outcome);
        Assert.Empty(check.Faces);
        Assert.NotNull(check.Reason);
    }

    [Fact]
    public void A_fingerprint_has_no_face()
    {
        Assert.Equal(FaceCheckOutcome.NoFace, Detector.Check(TestPhotos.Fingerprint).Outcome);
    }

    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "empty", [] },
        { "a few bytes", [1, 2, 3] },
        { "text", "this is not a photo, it is a sentence long enough"u8.ToArray() },
        { "cut-off JPEG", TestPhotos.OneFace[..600] },
        { "JPEG header only", TestPhotos.OneFace[..20] },
        { "PNG signature, zeros", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[99]] },
        { "huge claimed size", HugePngHeader() },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Bytes_that_are_not_a_usable_image_are_refused_without_a_crash(string what, byte[] bytes)
    {
        var check = Detector.Check(bytes);

        Assert.True(check.Outcome == FaceCheckOutcome.NotAnImage, $"{what}: {check.Outcome}");
        Assert.NotNull(check.Reason);
        Assert.Throws<FaceImageException>(() => Detector.Detect(bytes));
        Assert.Null(Detector.CropPortrait(bytes));
    }

    [Fact]
    public void The_exif_orientation_of_a_phone_photo_is_applied()
    {
        var turned = TestPhotos.TurnedWithExif(TestPhotos.OneFace);

        var check = Detector.Check(turned);

        Assert.Equal((480, 360), TestPhotos.SizeOf(turned)); // stored sideways
        Assert.Equal(FaceCheckOutcome.OneFace, check.Outcome);
        Assert.Equal((360, 480), (check.ImageWidth, check.ImageHeight)); // seen upright
        Assert.InRange(check.Face!.Box.CentreX, 150, 210);
    }

    [Fact]
    public void The_portrait_crop_is_three_by_four_around_the_face()
    {
        var png = Detector.CropPortrait(TestPhotos.OneFace)!;

        var (width, height) = TestPhotos.SizeOf(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.InRange(width / (double)height, 0.74, 0.76);
        Assert.InRange(height, 300, 480);
        var again = Detector.Check(png);
        Assert.Equal(FaceCheckOutcome.OneFace, again.Outcome);
        Assert.InRange(again.Face!.Box.CentreX / width, 0.4, 0.6);
    }

    [Fact]
    public void A_large_portrait_crop_is_scaled_down()
    {
        var png = Detector.CropPortrait(TestPhotos.OneFace, maxHeight: 200)!;

        Assert.Equal(200, TestPhotos.SizeOf(png).Height);
    }

    [Fact]
    public void A_photo_without_a_face_has_no_portrait_crop()
    {
        Assert.Null(Detector.CropPortrait(TestPhotos.Plain(300, 400, SKColors.White)));
    }

    [Fact]
    public void Detection_is_safe_from_several_threads()
    {
        var photos = new[] { TestPhotos.OneFace, TestPhotos.Read("two-faces-s01-s02.jpg") };

        var counts = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(4)
            .Select(i => (i, Detector.Detect(photos[i % 2]).Count)).ToList();

        Assert.All(counts, c => Assert.Equal(c.i % 2 == 0 ? 1 : 2, c.Count));
    }

    /// <summary>A valid PNG signature and IHDR claiming 30000 × 30000 pixels, then nothing.</summary>
    private static byte[] HugePngHeader() =>
    [
        0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x75, 0x30, 0x08, 0x02, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];
}

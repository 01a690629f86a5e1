namespace Ektp.Faces.Tests;

public sealed class PortraitRegionTests
{
    [Fact]
    public void The_crop_is_twice_the_face_with_the_face_centre_at_45_percent()
    {
        var crop = FaceDetector.PortraitRegion(new FaceBox(400, 300, 150, 200), 1200, 1600);

        Assert.Equal(new FaceBox(325, 220, 300, 400), crop);
    }

    [Fact]
    public void A_face_near_the_edge_moves_the_crop_inside_the_photo()
    {
        var crop = FaceDetector.PortraitRegion(new FaceBox(0, 0, 150, 200), 1200, 1600);

        Assert.Equal(new FaceBox(0, 0, 300, 400), crop);
    }

    [Fact]
    public void A_face_filling_the_photo_shrinks_the_crop_to_the_photo()
    {
        var crop = FaceDetector.PortraitRegion(new FaceBox(10, 10, 280, 380), 300, 400);

        Assert.Equal(new FaceBox(0, 0, 300, 400), crop);
    }

    [Fact]
    public void Any_face_in_any_photo_gives_a_three_by_four_crop_inside_the_photo()
    {
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var (width, height) = (random.Next(1, 3000), random.Next(1, 3000));
            var face = new FaceBox(random.Next(-50, width), random.Next(-50, height), random.Next(1, 2000),
                random.Next(1, 2000));

            var crop = FaceDetector.PortraitRegion(face, width, height);

            Assert.True(crop.X >= 0 && crop.Y >= 0 && crop.Right <= width && crop.Bottom <= height,
                $"{crop} in {width}x{height}");
            Assert.True(crop.Width >= 1 && crop.Height >= 1);
            if (crop.Height >= 40 && crop.Width >= 30)
            {
                Assert.InRange(crop.Width / crop.Height, 0.72f, 0.78f);
            }
        }
    }
}

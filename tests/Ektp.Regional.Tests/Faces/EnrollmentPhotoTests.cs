using System.Net;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Ektp.Regional.Tests.Faces;

/// <summary>The face check at enrollment: the photo must show exactly one face of a usable size.</summary>
[Trait("Category", "Database")]
public sealed class EnrollmentPhotoTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("one-face-s01.jpg")]
    [InlineData("one-face-s35.jpg")]
    public async Task A_photo_with_one_face_is_accepted(string name)
    {
        var resident = await _server.AddAdultAsync();

        var response = await PostAsync(resident, TestImages.FacePhoto(name), "photo.jpg");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static TheoryData<string, byte[], string> Refusals => new()
    {
        { "plain grey", Plain(new SKColor(128, 128, 128)), "photo-no-face" },
        { "a drawn oval", TestImages.Jpeg(), "photo-no-face" },
        { "a fingerprint", TestFingerprints.Image(1), "photo-no-face" },
        { "two people", TestImages.FacePhoto("two-faces-s01-s02.jpg"), "photo-several-faces" },
        { "a face far away", TestImages.FacePhoto("small-face-s03.jpg"), "photo-face-too-small" },
        { "a cut-off JPEG", TestImages.FacePhoto()[..4000], "image-invalid" },
        { "text named photo.jpg", "not a photo at all, only words"u8.ToArray(), "image-invalid" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_photo_without_exactly_one_usable_face_is_refused_and_nothing_is_stored(string what,
        byte[] photo, string code)
    {
        var resident = await _server.AddAdultAsync();

        var response = await PostAsync(resident, photo, "photo.jpg");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("photo", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Enrollments.CountAsync());
        Assert.Equal(0, await db.Packets.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.True(record.Status == RecordStatus.Unregistered, what);
    }

    [Fact]
    public async Task The_refusal_says_how_many_faces_and_how_small()
    {
        var resident = await _server.AddAdultAsync();

        var two = await ProblemAssert.IsProblemAsync(
            await PostAsync(resident, TestImages.FacePhoto("two-faces-s01-s02.jpg"), "photo.jpg"),
            HttpStatusCode.UnprocessableEntity, "photo-several-faces");
        var small = await ProblemAssert.IsProblemAsync(
            await PostAsync(resident, TestImages.FacePhoto("small-face-s03.jpg"), "photo.jpg"),
            HttpStatusCode.UnprocessableEntity, "photo-face-too-small");

        Assert.Contains("2 faces", two.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("1600 x 1200", small.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(Resident resident, byte[] photo, string fileName) =>
        _server.Client.PostAsync("/api/enrollments",
            EnrollmentForm.Complete(resident.Nik.Value).File("photo", photo, fileName, "image/jpeg").Build());

    private static byte[] Plain(SKColor colour)
    {
        using var bitmap = new SKBitmap(480, 640);
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}

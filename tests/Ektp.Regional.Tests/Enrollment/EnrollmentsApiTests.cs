using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Enrollment;

[Trait("Category", "Database")]
public sealed class EnrollmentsApiTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(EnrollmentForm form) =>
        _server.Client.PostAsync("/api/enrollments", form.Build());

    [Fact]
    public async Task Enrollment_is_recorded_with_its_packet_outbox_row_and_status_in_one_go()
    {
        var resident = await _server.AddAdultAsync();

        var response = await PostAsync(EnrollmentForm.Complete(resident.Nik.Value));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var packetId = body.GetProperty("packetId").GetGuid();
        Assert.Equal("BIO_CAPTURED", body.GetProperty("status").GetString());
        Assert.NotEqual(Guid.Empty, body.GetProperty("enrollmentId").GetGuid());

        await using var db = _server.NewDbContext();
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.Equal(RecordStatus.BioCaptured, record.Status);
        Assert.Equal(RecordingLocation.Office, record.RecordedWhere);
        var packet = await db.Packets.SingleAsync(p => p.Id == packetId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_server.Cipher.OpenPacket(packet.Id, packet.Content))),
            packet.Sha256);
        var outbox = await db.Outbox.SingleAsync(o => o.PacketId == packetId);
        Assert.Equal(OutboxState.Pending, outbox.State);
        var history = await db.StatusEvents.SingleAsync(e => e.Nik == resident.Nik.Value);
        Assert.Equal(RecordStatus.Unregistered, history.From);
        Assert.Equal(RecordStatus.BioCaptured, history.To);
    }

    [Fact]
    public async Task Packet_manifest_lists_every_part_with_its_sha256()
    {
        var resident = await _server.AddAdultAsync();
        var form = EnrollmentForm.Complete(resident.Nik.Value).Without("finger10").Field("missing", "10:amputated");

        var response = await PostAsync(form);

        var packetId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("packetId").GetGuid();
        await using var db = _server.NewDbContext();
        var stored = await db.Packets.SingleAsync(p => p.Id == packetId);
        var content = _server.Cipher.OpenPacket(stored.Id, stored.Content);
        var manifest = PacketReader.Read(content).Manifest;
        Assert.Equal("ektp-packet/1", manifest.Format);
        Assert.Equal(resident.Nik.Value, manifest.Header.Nik);
        Assert.Equal("1472", manifest.Header.RegionCode);
        Assert.Equal("op.dumai", manifest.Header.Operator);
        using var zip = new ZipArchive(new MemoryStream(content));
        foreach (var part in manifest.Parts)
        {
            using var stream = zip.GetEntry(part.Name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(part.Sha256, Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())));
            Assert.Equal(part.Size, copy.Length);
        }

        var names = manifest.Parts.Select(p => p.Name).ToList();
        Assert.Contains("demographics.json", names);
        Assert.Contains("photo.jpg", names);
        Assert.Contains("signature.png", names);
        Assert.Contains("fingers/01.png", names);
        Assert.DoesNotContain("fingers/10.png", names);
        Assert.Contains("missing-fingers.json", names);
        Assert.Contains("templates/01.tpl", names);
        Assert.DoesNotContain("templates/10.tpl", names);
    }

    [Fact]
    public async Task A_sixteen_year_old_student_can_be_recorded_at_school()
    {
        var student = await _server.AddAsync(TestResidents.Make("RIZKY PRATAMA", new DateOnly(2010, 6, 1)));

        var response = await PostAsync(EnrollmentForm.Complete(student.Nik.Value).Field("location", "school"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_married_fourteen_year_old_can_be_recorded()
    {
        var married = await _server.AddAsync(TestResidents.Make("SARI", new DateOnly(2012, 6, 1), Sex.Female,
            MaritalStatus.Kawin));

        var response = await PostAsync(EnrollmentForm.Complete(married.Nik.Value));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static TheoryData<string, Func<EnrollmentForm, EnrollmentForm>, HttpStatusCode, string> Refusals => new()
    {
        { "undeclared finger", f => f.Without("finger3"), HttpStatusCode.BadRequest, "finger-undeclared" },
        { "finger given and missing", f => f.Field("missing", "3:bandaged"), HttpStatusCode.BadRequest, "finger-given-and-missing" },
        { "malformed missing list", f => f.Without("finger3").Field("missing", "three:bandaged"), HttpStatusCode.BadRequest, "missing-fingers-malformed" },
        { "poor finger", f => f.File("finger4", TestImages.Png()), HttpStatusCode.UnprocessableEntity, "finger-quality-low" },
        { "colour finger image", f => f.File("finger4", TestImages.Jpeg()), HttpStatusCode.UnprocessableEntity, "finger-image-invalid" },
        { "implausible dpi", f => f.Field("dpi", "72"), HttpStatusCode.BadRequest, "dpi-invalid" },
        { "eleventh finger", f => f.File("finger11", TestImages.Png()), HttpStatusCode.BadRequest, "too-many-fingers" },
        { "finger zero", f => f.File("finger0", TestImages.Png()), HttpStatusCode.BadRequest, "too-many-fingers" },
        { "not an image", f => f.File("finger2", "hello, I am text"u8.ToArray(), "f.png"), HttpStatusCode.UnprocessableEntity, "image-invalid" },
        { "truncated image", f => f.File("photo", TestImages.TruncatedPng(), "photo.png"), HttpStatusCode.UnprocessableEntity, "image-invalid" },
        { "image over 2 MB", f => f.File("photo", new byte[(2 * 1024 * 1024) + 1], "big.jpg", "image/jpeg"), HttpStatusCode.RequestEntityTooLarge, "image-too-large" },
        { "no photo", f => f.Without("photo"), HttpStatusCode.BadRequest, "photo-missing" },
        { "no signature", f => f.Without("signature"), HttpStatusCode.BadRequest, "signature-missing" },
        { "unknown location", f => f.Field("location", "beach"), HttpStatusCode.BadRequest, "location-invalid" },
        { "no operator", f => f.Without("operator"), HttpStatusCode.BadRequest, "operator-missing" },
        { "malformed NIK", f => f.Field("nik", "12345"), HttpStatusCode.BadRequest, "nik-malformed" },
        { "unknown NIK", f => f.Field("nik", "1472010101900001"), HttpStatusCode.NotFound, "resident-unknown" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_enrollment_is_refused_with_a_problem_and_nothing_is_stored(string why,
        Func<EnrollmentForm, EnrollmentForm> spoil, HttpStatusCode status, string code)
    {
        var resident = await _server.AddAdultAsync();

        var response = await PostAsync(spoil(EnrollmentForm.Complete(resident.Nik.Value)));

        var problem = await ProblemAssert.IsProblemAsync(response, status, code);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
        await AssertNothingStoredAsync(resident);
    }

    // The refusal names the day the child turns 15. Born on 29 February: 2027 is a common year, so 1 March (on
    // 28 February the child is still 14).
    [Theory]
    [InlineData("DIMAS", "2012-06-01", "2027-06-01")]
    [InlineData("LAILA", "2012-02-29", "2027-03-01")]
    public async Task A_fourteen_year_old_is_too_young_to_be_recorded(string name, string born, string fifteenOn)
    {
        var child = await _server.AddAsync(TestResidents.Make(name, DateOnly.Parse(born, CultureInfo.InvariantCulture)));

        var response = await PostAsync(EnrollmentForm.Complete(child.Nik.Value));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "resident-too-young");
        Assert.Contains(fifteenOn, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(child);
    }

    [Fact]
    public async Task A_resident_already_recorded_is_refused_as_a_conflict()
    {
        var resident = await _server.AddAdultAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(EnrollmentForm.Complete(resident.Nik.Value))).StatusCode);

        var again = await PostAsync(EnrollmentForm.Complete(resident.Nik.Value));

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "already-recorded");
        await using var db = _server.NewDbContext();
        Assert.Equal(1, await db.Enrollments.CountAsync(e => e.Nik == resident.Nik.Value));
        Assert.Equal(1, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_refused()
    {
        var response = await _server.Client.PostAsJsonAsync("/api/enrollments", new { nik = "1472010101900001" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "multipart-required");
    }

    private async Task AssertNothingStoredAsync(Resident resident)
    {
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Enrollments.CountAsync());
        Assert.Equal(0, await db.Packets.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.StatusEvents.CountAsync());
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.Equal(RecordStatus.Unregistered, record.Status);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Tests.Intake;

[Trait("Category", "Database")]
public sealed class IntakeApiTests : IAsyncLifetime
{
    private CentralServer _central = null!;
    private ECDsa _office = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync(maxPacketBytes: 2 * 1024 * 1024);
        _office = await _central.RegisterOfficeAsync();
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _central.DisposeAsync();
    }

    private async Task<HttpResponseMessage> DeclareAsync(Guid id, byte[] envelope, ECDsa? signer = null) =>
        await _central.OfficeClient(signer ?? _office).PostAsJsonAsync("/api/uploads",
            new { packetId = id, size = envelope.LongLength, sha256 = PacketBuilder.Sha256Hex(envelope) });

    private async Task<HttpResponseMessage> SendAsync(Guid id, byte[] envelope, long offset, int length,
        ECDsa? signer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/uploads/{id}")
        {
            Content = new ByteArrayContent(envelope, (int)offset, length),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        return await _central.OfficeClient(signer ?? _office).SendAsync(request);
    }

    /// <summary>Declares and sends the whole envelope in 64 KB chunks; returns the last response.</summary>
    private async Task<HttpResponseMessage> UploadAsync(Guid id, byte[] envelope, ECDsa? signer = null)
    {
        var response = await DeclareAsync(id, envelope, signer);
        long offset = 0;
        while (offset < envelope.Length)
        {
            var length = (int)Math.Min(64 * 1024, envelope.Length - offset);
            response = await SendAsync(id, envelope, offset, length, signer);
            offset += length;
        }

        return response;
    }

    private async Task<int> StoredPacketsAsync()
    {
        await using var db = _central.NewDbContext();
        return await db.Packets.CountAsync();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status,
        string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("urn:ektp:problem:" + code, problem.GetProperty("type").GetString());
        return problem;
    }

    [Fact]
    public async Task A_packet_uploaded_in_chunks_is_received_and_stored_once()
    {
        var (id, envelope) = _central.Seal(_office);

        var response = await UploadAsync(id, envelope);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("received", body.GetProperty("status").GetString());
        await using var db = _central.NewDbContext();
        var stored = await db.Packets.SingleAsync();
        Assert.Equal(id, stored.PacketId);
        Assert.Equal("1472", stored.RegionCode);
        Assert.Equal(id, PacketReader.Read(_central.Cipher.OpenPacket(stored.PacketId, stored.Content)).Manifest.Header.PacketId);
        Assert.Empty(Directory.GetFiles(Path.Combine(_central.Database.DataDir, "uploads")));
    }

    [Fact]
    public async Task A_broken_upload_resumes_from_the_offset_the_centre_holds()
    {
        var (id, envelope) = _central.Seal(_office);
        await DeclareAsync(id, envelope);
        await SendAsync(id, envelope, 0, 64 * 1024);

        var status = await _central.OfficeClient(_office).GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        var again = await DeclareAsync(id, envelope);

        Assert.Equal(64 * 1024, status.GetProperty("offset").GetInt64());
        Assert.Equal(64 * 1024, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("offset").GetInt64());
        var wrong = await SendAsync(id, envelope, 0, 1024);
        await AssertProblemAsync(wrong, HttpStatusCode.Conflict, "upload-offset-mismatch");
        long offset = 64 * 1024;
        HttpResponseMessage last = wrong;
        while (offset < envelope.Length)
        {
            var length = (int)Math.Min(64 * 1024, envelope.Length - offset);
            last = await SendAsync(id, envelope, offset, length);
            offset += length;
        }

        Assert.Equal("received", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await StoredPacketsAsync());
    }

    [Fact]
    public async Task Uploading_a_packet_the_centre_already_has_is_acknowledged_not_duplicated()
    {
        var (id, envelope) = _central.Seal(_office);
        await UploadAsync(id, envelope);

        var again = await DeclareAsync(id, envelope);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("received", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(1, await StoredPacketsAsync());
    }

    [Fact]
    public async Task A_replay_of_a_packet_id_with_other_content_is_refused()
    {
        var (id, envelope) = _central.Seal(_office);
        await UploadAsync(id, envelope);
        var (_, other) = _central.Seal(_office, id: id);

        var replay = await DeclareAsync(id, other);

        await AssertProblemAsync(replay, HttpStatusCode.Conflict, "packet-replay");
        Assert.Equal(1, await StoredPacketsAsync());
    }

    [Fact]
    public async Task A_packet_from_an_unregistered_office_is_refused_and_nothing_stored()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (id, envelope) = _central.Seal(stranger);

        await AssertProblemAsync(await UploadAsync(id, envelope), HttpStatusCode.Forbidden, "packet-sender-unknown");
        Assert.Equal(0, await StoredPacketsAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_central.Database.DataDir, "uploads")));
    }

    [Fact]
    public async Task A_revoked_office_is_refused_before_it_sends_a_byte()
    {
        await using (var db = _central.NewDbContext())
        {
            await db.Offices.ExecuteUpdateAsync(s => s.SetProperty(o => o.RevokedAt, DateTime.UtcNow)
                .SetProperty(o => o.RevokedReason, "server room flooded"));
        }

        var (id, envelope) = _central.Seal(_office);

        var problem = await AssertProblemAsync(await UploadAsync(id, envelope), HttpStatusCode.Forbidden, "office-revoked");
        Assert.Contains("server room flooded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task A_packet_sealed_by_a_revoked_office_is_refused_even_when_another_office_relays_it()
    {
        using var relay = await _central.RegisterOfficeAsync();
        await using (var db = _central.NewDbContext())
        {
            var first = PacketEnvelope.KeyId(_office);
            await db.Offices.Where(o => o.KeyId == first)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.RevokedAt, DateTime.UtcNow));
        }

        var (id, envelope) = _central.Seal(_office);

        await AssertProblemAsync(await UploadAsync(id, envelope, relay), HttpStatusCode.Forbidden,
            "packet-sender-revoked");
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task Uploads_need_a_request_signed_by_a_registered_office()
    {
        var (id, envelope) = _central.Seal(_office);
        using var anonymous = new HttpClient { BaseAddress = _central.Client.BaseAddress };
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var unsigned = await anonymous.PostAsJsonAsync("/api/uploads",
            new { packetId = id, size = envelope.LongLength, sha256 = PacketBuilder.Sha256Hex(envelope) });
        var unknown = await _central.OfficeClient(stranger).PostAsJsonAsync("/api/uploads",
            new { packetId = id, size = envelope.LongLength, sha256 = PacketBuilder.Sha256Hex(envelope) });

        await AssertProblemAsync(unsigned, HttpStatusCode.Unauthorized, "office-auth-missing");
        await AssertProblemAsync(unknown, HttpStatusCode.Forbidden, "office-unknown");
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task A_packet_for_another_region_than_the_sender_is_refused()
    {
        var (id, envelope) = _central.Seal(_office, region: "6172");

        await AssertProblemAsync(await UploadAsync(id, envelope), HttpStatusCode.Forbidden, "packet-region-mismatch");
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task A_tampered_packet_is_refused_with_its_reason()
    {
        var (id, envelope) = _central.Seal(_office);
        envelope[^2000] ^= 0x40;

        await AssertProblemAsync(await UploadAsync(id, envelope), HttpStatusCode.UnprocessableEntity, "packet-hash-mismatch");
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task Garbage_instead_of_an_envelope_is_malformed()
    {
        var garbage = RandomNumberGenerator.GetBytes(5000);

        await AssertProblemAsync(await UploadAsync(Guid.CreateVersion7(), garbage), HttpStatusCode.UnprocessableEntity,
            "packet-malformed");
        Assert.Equal(0, await StoredPacketsAsync());
    }

    [Fact]
    public async Task An_oversized_packet_is_refused_before_any_byte_is_stored()
    {
        var (id, envelope) = _central.Seal(_office, photoBytes: 3 * 1024 * 1024);

        await AssertProblemAsync(await DeclareAsync(id, envelope), HttpStatusCode.RequestEntityTooLarge, "packet-too-large");
        await using var db = _central.NewDbContext();
        Assert.Equal(0, await db.Uploads.CountAsync());
    }

    [Fact]
    public async Task A_chunk_without_offset_is_a_bad_request()
    {
        var (id, envelope) = _central.Seal(_office);
        await DeclareAsync(id, envelope);

        var response = await _central.OfficeClient(_office).PatchAsync($"/api/uploads/{id}", new ByteArrayContent(envelope[..10]));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "upload-offset-missing");
    }
}

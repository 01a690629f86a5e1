using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Core.Packets;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Tests.Intake;

/// <summary>Kinds of packet at intake (docs/packet.md): a change packet is stored without a pipeline job; a kind the
/// centre does not know is refused and nothing is stored.</summary>
[Trait("Category", "Database")]
public sealed class PacketKindTests : IAsyncLifetime
{
    private CentralServer _central = null!;

    public async Task InitializeAsync() => _central = await CentralServer.StartAsync(runPipeline: false);

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_change_packet_is_stored_without_a_pipeline_job()
    {
        var office = await _central.RegisterOfficeAsync();
        var (id, envelope) = Seal(office, PacketKinds.Change);

        var response = await _central.UploadAsync(id, envelope);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await using var db = _central.NewDbContext();
        Assert.True(await db.Packets.AnyAsync(p => p.PacketId == id));
        Assert.False(await db.PipelineJobs.AnyAsync(j => j.PacketId == id));
    }

    [Fact]
    public async Task A_packet_of_an_unknown_kind_is_refused_and_nothing_is_stored()
    {
        var office = await _central.RegisterOfficeAsync();
        var (id, envelope) = Seal(office, "transfer");

        var response = await _central.UploadAsync(id, envelope);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:ektp:problem:packet-kind-unknown", problem.GetProperty("type").GetString());
        await using var db = _central.NewDbContext();
        Assert.False(await db.Packets.AnyAsync(p => p.PacketId == id));
        Assert.False(await db.PipelineJobs.AnyAsync(j => j.PacketId == id));
    }

    private (Guid Id, byte[] Envelope) Seal(System.Security.Cryptography.ECDsa office, string kind)
    {
        var packetId = Guid.CreateVersion7();
        var built = PacketBuilder.Build(
            new PacketHeader(packetId, Guid.CreateVersion7(), "1472", "Disdukcapil", "spv", "pc-1",
                DateTimeOffset.UtcNow, "office", "1472010412910001", kind),
            [
                new PacketPart("change.json", "application/json", Encoding.UTF8.GetBytes("{\"field\":\"address\"}")),
                new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes("{}")),
            ]);
        return (packetId, PacketEnvelope.Seal(built.Content, packetId, "1472", office, _central.Keys.Encryption));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Core.Lifecycle;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Ektp.Regional.Enrollment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd;

/// <summary>
/// An approved data change travels to the centre as a change packet through the same outbox: the centre stores it
/// without deduplicating or deciding anything, and the record's status stays where the enrollment put it.
/// </summary>
[Trait("Category", "Database")]
public sealed class ChangePacketTests : IAsyncLifetime
{
    private TwoServers _servers = null!;

    public async Task InitializeAsync() => _servers = await TwoServers.StartAsync();

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_change_of_a_print_ready_resident_reaches_the_centre_and_decides_nothing()
    {
        var nik = await _servers.AddResidentAsync("BUDI SANTOSO");
        await _servers.EnrollAsync(nik);
        await _servers.WaitForStatusAsync(nik, RecordStatus.PrintReadyRecord);
        var decisionsBefore = await CentralDecisionsAsync();

        var packetId = await ApproveAddressChangeAsync(nik);
        await WaitUntilSentAsync(packetId);

        await using (var central = NewCentralDb())
        {
            var stored = await central.Packets.SingleAsync(p => p.PacketId == packetId);
            Assert.Equal(nik, stored.Nik);
            Assert.False(await central.PipelineJobs.AnyAsync(j => j.PacketId == packetId));
        }

        await Task.Delay(1000); // a pipeline round, were there a job
        Assert.Equal(decisionsBefore, await CentralDecisionsAsync());
        await using var regional = _servers.NewRegionalDb();
        var resident = await regional.Residents.SingleAsync(r => r.Nik == nik);
        Assert.Equal((RecordStatus.PrintReadyRecord, "JL. MERDEKA NO. 3"), (resident.Status, resident.Address));
    }

    [Fact]
    public async Task Sending_a_change_packet_moves_no_status()
    {
        // A resident whose recording is still BIO_CAPTURED (its packet not queued here): were the change packet taken
        // for an enrollment, sealing and sending it would move the record on to RECEIVED_AT_CENTRAL.
        var nik = await _servers.AddResidentAsync("SITI RAHAYU");
        await using (var db = _servers.NewRegionalDb())
        {
            var resident = await db.Residents.SingleAsync(r => r.Nik == nik);
            resident.Status = RecordStatus.BioCaptured;
            await db.SaveChangesAsync();
        }

        var packetId = await ApproveAddressChangeAsync(nik);
        await WaitUntilSentAsync(packetId);

        await using var regional = _servers.NewRegionalDb();
        Assert.Equal(RecordStatus.BioCaptured, (await regional.Residents.SingleAsync(r => r.Nik == nik)).Status);
        Assert.All(await regional.StatusEvents.Where(e => e.Nik == nik).ToListAsync(), e => Assert.Equal(e.From, e.To));
    }

    private async Task<Guid> ApproveAddressChangeAsync(string nik)
    {
        var requested = await _servers.RegionalClient.PostAsJsonAsync($"/api/residents/{nik}/changes",
            new { field = "address", newValue = "JL. MERDEKA NO. 3", document = "SKP-01/2026", requestedBy = "op.dumai" });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // A supervisor's own account decides: the account that sent the request may not.
        using var supervisor = new HttpClient { BaseAddress = _servers.RegionalClient.BaseAddress };
        await ApiSignIn.EnsureAndAuthorizeAsync(supervisor, _servers.NewRegionalDb, ServerKind.Regional,
            "test.supervisor", [EktpRoles.Supervisor], TwoServers.TestPassword);
        var approved = await supervisor.PostAsJsonAsync($"/api/changes/{id}/approval",
            new { decision = "approve", by = "spv.dumai" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        return (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("packetId").GetGuid();
    }

    private async Task WaitUntilSentAsync(Guid packetId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = _servers.NewRegionalDb())
            {
                var entry = await db.Outbox.AsNoTracking().SingleAsync(o => o.PacketId == packetId);
                Assert.NotEqual(OutboxState.SetAside, entry.State);
                if (entry.State == OutboxState.Sent)
                {
                    return;
                }

                Assert.True(DateTime.UtcNow < deadline, $"change packet not sent after 60 s: {entry.LastError}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<int> CentralDecisionsAsync()
    {
        await using var db = NewCentralDb();
        return await db.Decisions.CountAsync();
    }

    private CentralDbContext NewCentralDb() =>
        CentralDbContext.Create(_servers.Central.Services.GetRequiredService<DatabaseSettings>());
}

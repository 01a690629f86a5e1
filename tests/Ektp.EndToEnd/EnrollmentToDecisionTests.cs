using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd;

[Trait("Category", "Database")]
public sealed class EnrollmentToDecisionTests : IAsyncLifetime
{
    private TwoServers _servers = null!;

    public async Task InitializeAsync() => _servers = await TwoServers.StartAsync();

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task An_enrollment_reaches_print_ready_with_a_permit_that_verifies_and_a_twin_reaches_duplicate()
    {
        var first = await _servers.AddResidentAsync("BUDI SANTOSO");
        await _servers.EnrollAsync(first);

        await _servers.WaitForStatusAsync(first, RecordStatus.PrintReadyRecord);

        await using (var db = _servers.NewRegionalDb())
        {
            var permit = await db.Permits.SingleAsync(p => p.Nik == first);
            Assert.True(permit.Verified);
            var keys = _servers.Regional.Services.GetRequiredService<RegionalKeys>();
            Assert.True(File.Exists(keys.CentralSigningKeyPath));
            using var key = keys.LoadCentralSigningKey()!;
            Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(permit.Permit), Convert.FromBase64String(permit.Signature),
                HashAlgorithmName.SHA256));
            Assert.Equal(first, JsonDocument.Parse(permit.Permit).RootElement.GetProperty("nik").GetString());
            var moves = await db.StatusEvents.Where(e => e.Nik == first).OrderBy(e => e.Id).Select(e => e.To)
                .ToListAsync();
            Assert.Equal(
                [RecordStatus.BioCaptured, RecordStatus.Processing, RecordStatus.SentForEnrollment,
                    RecordStatus.ReceivedAtCentral, RecordStatus.PrintReadyRecord],
                moves.SkipWhile(m => m != RecordStatus.BioCaptured));
        }

        var twin = await _servers.AddResidentAsync("BUDI SANTOSO KEMBAR");
        await _servers.EnrollAsync(twin);

        await _servers.WaitForStatusAsync(twin, RecordStatus.DuplicateRecord);
        await using (var db = _servers.NewRegionalDb())
        {
            Assert.False(await db.Permits.AnyAsync(p => p.Nik == twin));
            Assert.Contains(first, (await db.Residents.SingleAsync(r => r.Nik == twin)).StatusReason,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_ruling_of_different_people_at_the_centre_brings_the_twin_to_print_ready()
    {
        var first = await _servers.AddResidentAsync("SITI RAHMAWATI");
        await _servers.EnrollAsync(first);
        await _servers.WaitForStatusAsync(first, RecordStatus.PrintReadyRecord);
        var twin = await _servers.AddResidentAsync("SITI RAHMAWATI KEMBAR");
        await _servers.EnrollAsync(twin);
        await _servers.WaitForStatusAsync(twin, RecordStatus.DuplicateRecord);

        var cases = await _servers.CentralClient.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [];
        var ruling = await _servers.CentralClient.PostAsJsonAsync(
            $"/api/cases/{Assert.Single(cases).GetProperty("id").GetInt64()}/ruling",
            new { ruling = "different-people", by = "adjudicator.pusat", reason = "identical twins, other irises" });
        ruling.EnsureSuccessStatusCode();

        await _servers.WaitForStatusAsync(twin, RecordStatus.PrintReadyRecord);
        await using var db = _servers.NewRegionalDb();
        Assert.True((await db.Permits.SingleAsync(p => p.Nik == twin)).Verified);
        var moves = await db.StatusEvents.Where(e => e.Nik == twin).OrderBy(e => e.Id).Select(e => e.To).ToListAsync();
        Assert.Equal([RecordStatus.DuplicateRecord, RecordStatus.AdjudicateRecord, RecordStatus.PrintReadyRecord],
            moves.TakeLast(3));
    }
}

[Trait("Category", "Database")]
public sealed class ForgedPermitTests : IAsyncLifetime
{
    private TwoServers _servers = null!;

    // The regional server trusts another key than the centre's: every permit then fails verification.
    public async Task InitializeAsync() => _servers = await TwoServers.StartAsync(dataDir =>
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.Combine(dataDir, "keys"));
        File.WriteAllText(Path.Combine(dataDir, "keys", "central-signing.pub"),
            Convert.ToBase64String(stranger.ExportSubjectPublicKeyInfo()));
    });

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_permit_that_does_not_verify_is_kept_unverified_counted_and_not_applied()
    {
        var nik = await _servers.AddResidentAsync("AHMAD PURNAMA");
        await _servers.EnrollAsync(nik);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement feed;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the permit did not arrive within 60 s");
            await Task.Delay(200);
            feed = await _servers.RegionalClient.GetFromJsonAsync<JsonElement>("/api/decision-feed");
        }
        while (feed.GetProperty("permitsWithBadSignature").GetInt32() == 0);

        await using var db = _servers.NewRegionalDb();
        Assert.False((await db.Permits.SingleAsync(p => p.Nik == nik)).Verified);
        Assert.Equal(RecordStatus.ReceivedAtCentral, (await db.Residents.SingleAsync(r => r.Nik == nik)).Status);
        Assert.Equal(0, feed.GetProperty("permits").GetInt32());
        Assert.Equal(1, feed.GetProperty("cursor").GetInt64());
    }
}

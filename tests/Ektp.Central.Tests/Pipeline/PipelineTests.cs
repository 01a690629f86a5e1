using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Central.Gallery;
using Ektp.Central.Pipeline;
using Ektp.Core.Packets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Tests.Pipeline;

[Trait("Category", "Database")]
public sealed class PipelineTests : IAsyncLifetime
{
    private const string Nik1 = "1472010412910001";
    private const string Nik2 = "1472010412910002";

    private CentralServer _central = null!;
    private ECDsa _office = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _central.DisposeAsync();
    }

    private async Task<Guid> EnrollAsync(string nik, string[] fingers)
    {
        var (id, envelope) = _central.SealEnrollment(_office, nik, fingers);
        var response = await _central.UploadAsync(id, envelope);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task A_clean_packet_gets_a_print_permit_that_verifies_against_the_centre_key()
    {
        var id = await EnrollAsync(Nik1, SampleFingers.PersonA);

        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));

        Assert.Equal("PRINT_READY_RECORD", decision.GetProperty("kind").GetString());
        Assert.Equal(id, decision.GetProperty("packetId").GetGuid());
        Assert.True(await Permits.VerifiesAsync(_central.Client, decision));
        var permit = Permits.Body(decision);
        Assert.Equal(id, permit.GetProperty("packetId").GetGuid());
        Assert.Equal(Nik1, permit.GetProperty("nik").GetString());
        Assert.Equal("1472", permit.GetProperty("regionCode").GetString());
    }

    [Fact]
    public async Task A_permit_whose_text_was_changed_does_not_verify()
    {
        await EnrollAsync(Nik1, SampleFingers.PersonA);
        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));
        var forged = decision.GetProperty("permit").GetString()!.Replace(Nik1, Nik2, StringComparison.Ordinal);
        var keys = await _central.Client.GetFromJsonAsync<JsonElement>("/api/keys");
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(keys.GetProperty("signingKey").GetString()!), out _);

        Assert.False(key.VerifyData(Encoding.UTF8.GetBytes(forged),
            Convert.FromBase64String(decision.GetProperty("permitSignature").GetString()!), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task The_same_fingers_under_another_nik_open_a_case()
    {
        var first = await EnrollAsync(Nik1, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(1);
        var second = await EnrollAsync(Nik2, SampleFingers.PersonAAgain);

        var decisions = await _central.WaitForDecisionsAsync(2);

        Assert.Equal(["PRINT_READY_RECORD", "DUPLICATE_RECORD"], decisions.Select(d => d.GetProperty("kind").GetString()));
        Assert.Equal(second, decisions[1].GetProperty("packetId").GetGuid());
        Assert.Equal(JsonValueKind.Null, decisions[1].GetProperty("permit").ValueKind);
        var open = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal(first, open.GetProperty("matchedPacketId").GetGuid());
        Assert.Equal(Nik1, open.GetProperty("matchedNik").GetString());
        Assert.Equal(Nik2, open.GetProperty("nik").GetString());
        Assert.Equal("biometric", open.GetProperty("reason").GetString());
        Assert.True(open.GetProperty("score").GetDouble() >= 40);
    }

    [Fact]
    public async Task Someone_else_under_an_enrolled_nik_opens_a_case_and_another_person_does_not()
    {
        await EnrollAsync(Nik1, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(1);
        await EnrollAsync(Nik1, SampleFingers.PersonB);

        var decisions = await _central.WaitForDecisionsAsync(2);

        Assert.Equal("DUPLICATE_RECORD", decisions[1].GetProperty("kind").GetString());
        var open = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal("nik", open.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_packet_whose_gallery_never_answers_fails_and_leaves_the_gallery_again()
    {
        await _central.DisposeAsync();
        _office.Dispose();
        _central = await CentralServer.StartAsync(pipelineMaxAttempts: 2,
            configure: b => b.Services.AddSingleton<IGallery, UnreachableGallery>());
        _office = await _central.RegisterOfficeAsync();

        await EnrollAsync(Nik1, SampleFingers.PersonA);
        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));

        Assert.Equal("ENROLL_FAILURE_AT_CENTRAL", decision.GetProperty("kind").GetString());
        Assert.StartsWith("pipeline-error", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var scope = _central.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CentralDbContext>();
        Assert.Equal(0, await db.Persons.CountAsync());
        var log = await db.GalleryLog.OrderBy(e => e.Seq).Select(e => new { e.PersonId, e.Op }).ToListAsync();
        Assert.Equal([GalleryLogEntry.Add, GalleryLogEntry.Remove], log.Select(e => e.Op));
        Assert.Equal(log[0].PersonId, log[1].PersonId);
    }

    /// <summary>A gallery cluster that cannot be reached: every search fails as the coordinator fails at its deadline.</summary>
    private sealed class UnreachableGallery : IGallery
    {
        public Task<IReadOnlyList<GalleryCandidate>> SearchAsync(
            IReadOnlyDictionary<FingerPosition, FingerprintTemplate> probe, long afterSeq,
            long? excluding, int maxCandidates, double threshold, CancellationToken ct) =>
            throw new Ektp.Gallery.GalleryUnavailableException("No gallery silo answered.");

        public Task CommittedAsync(long seq, CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public async Task A_packet_without_templates_ends_in_enroll_failure_with_its_reason()
    {
        var (id, envelope) = _central.Seal(_office, photoBytes: 1000);
        await _central.UploadAsync(id, envelope);

        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));

        Assert.Equal("ENROLL_FAILURE_AT_CENTRAL", decision.GetProperty("kind").GetString());
        Assert.StartsWith("templates-missing", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_packet_with_a_corrupt_template_ends_in_enroll_failure()
    {
        var (id, envelope) = _central.SealParts(_office, Nik1,
        [
            new PacketPart("demographics.json", "application/json", "{}"u8.ToArray()),
            new PacketPart("templates/01.tpl", "application/vnd.ektp.template", RandomNumberGenerator.GetBytes(300)),
        ]);
        await _central.UploadAsync(id, envelope);

        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));

        Assert.Equal("ENROLL_FAILURE_AT_CENTRAL", decision.GetProperty("kind").GetString());
        Assert.StartsWith("templates-invalid", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_pipeline_stopped_between_stages_resumes_and_decides_exactly_once(int stagesBeforeStop)
    {
        await _central.DisposeAsync();
        _central = await CentralServer.StartAsync(runPipeline: false);
        _office.Dispose();
        _office = await _central.RegisterOfficeAsync();
        var id = await EnrollAsync(Nik1, SampleFingers.PersonA);
        for (var i = 0; i < stagesBeforeStop; i++)
        {
            await using var scope = _central.App.Services.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<PipelineProcessor>();
            await processor.RunStageAsync((await processor.NextDueAsync(CancellationToken.None))!, CancellationToken.None);
        }

        await using (var db = _central.NewDbContext())
        {
            var job = await db.PipelineJobs.SingleAsync(j => j.PacketId == id);
            Assert.Equal((PipelineStage)stagesBeforeStop, job.Stage);
            Assert.Equal(0, await db.Decisions.CountAsync());
        }

        _central = await _central.RestartAsync();
        var decision = Assert.Single(await _central.WaitForDecisionsAsync(1));

        Assert.Equal("PRINT_READY_RECORD", decision.GetProperty("kind").GetString());
        await Task.Delay(500); // give a wrongly repeated stage time to show itself
        await using (var db = _central.NewDbContext())
        {
            Assert.Equal(1, await db.Decisions.CountAsync(d => d.PacketId == id));
            Assert.Equal(1, await db.Persons.CountAsync(p => p.PacketId == id));
            Assert.Equal(PipelineStage.Done, (await db.PipelineJobs.SingleAsync(j => j.PacketId == id)).Stage);
        }
    }

    [Fact]
    public async Task A_restarted_centre_rebuilds_the_gallery_and_still_finds_the_duplicate()
    {
        await EnrollAsync(Nik1, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(1);

        _central = await _central.RestartAsync();
        await EnrollAsync(Nik2, SampleFingers.PersonAAgain);
        var decisions = await _central.WaitForDecisionsAsync(2);

        Assert.Equal("DUPLICATE_RECORD", decisions[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Stats_count_packets_decisions_and_the_duplicate_rate()
    {
        await EnrollAsync(Nik1, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(1);
        await EnrollAsync(Nik2, SampleFingers.PersonAAgain);
        await _central.WaitForDecisionsAsync(2);

        var stats = await _central.Client.GetFromJsonAsync<JsonElement>("/api/stats");

        Assert.Equal(2, stats.GetProperty("packetsReceived").GetInt32());
        var day = Assert.Single(stats.GetProperty("receivedPerRegionAndDay").EnumerateArray());
        Assert.Equal("1472", day.GetProperty("regionCode").GetString());
        Assert.Equal(2, day.GetProperty("packets").GetInt32());
        Assert.Equal(0.5, stats.GetProperty("duplicateRate").GetDouble());
        Assert.Equal(1, stats.GetProperty("decisions").GetProperty("PRINT_READY_RECORD").GetInt32());
        Assert.Equal(1, stats.GetProperty("openCases").GetInt32());
        Assert.Equal(0, stats.GetProperty("backlog").GetProperty("Validate").GetInt32());
        Assert.True(stats.GetProperty("recordingToDecisionSeconds").GetProperty("p95").GetDouble() >= 0);
    }
}

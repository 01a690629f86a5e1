using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ektp.Central.Tests.Adjudication;

[Trait("Category", "Database")]
public sealed class CasesApiTests : IAsyncLifetime
{
    private const string Nik1 = "1472010412910001";
    private const string Nik2 = "1472010412910002";
    private const string Nik3 = "1472010412910003";

    private CentralServer _central = null!;
    private ECDsa _office = null!;
    private Guid _later;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
        await EnrollAsync(Nik1, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(1);
        _later = await EnrollAsync(Nik2, SampleFingers.PersonAAgain);
        await _central.WaitForDecisionsAsync(2);
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _central.DisposeAsync();
    }

    private async Task<Guid> EnrollAsync(string nik, string[] fingers)
    {
        var (id, envelope) = _central.SealEnrollment(_office, nik, fingers);
        (await _central.UploadAsync(id, envelope)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<long> OpenCaseIdAsync() =>
        Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [])
            .GetProperty("id").GetInt64();

    private Task<HttpResponseMessage> RuleAsync(long id, string ruling) =>
        _central.Client.PostAsJsonAsync($"/api/cases/{id}/ruling",
            new { ruling, by = "adjudicator.pusat", reason = "compared the fingers side by side" });

    [Fact]
    public async Task Ruling_different_people_issues_a_signed_permit_for_the_later_packet()
    {
        var response = await RuleAsync(await OpenCaseIdAsync(), "different-people");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decisions = await _central.WaitForDecisionsAsync(4);
        Assert.Equal("ADJUDICATE_RECORD", decisions[2].GetProperty("kind").GetString());
        var permit = decisions[3];
        Assert.Equal("PRINT_READY_RECORD", permit.GetProperty("kind").GetString());
        Assert.Equal(_later, permit.GetProperty("packetId").GetGuid());
        Assert.Equal("ruling", permit.GetProperty("step").GetString());
        Assert.True(await Permits.VerifiesAsync(_central.Client, permit));
        Assert.Empty(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
    }

    [Fact]
    public async Task Ruling_same_person_refuses_the_later_nik_with_the_reason_and_keeps_the_earlier()
    {
        await RuleAsync(await OpenCaseIdAsync(), "same-person");

        var decisions = await _central.WaitForDecisionsAsync(5);
        var refusal = decisions[3];
        Assert.Equal("DUPLICATE_RECORD", refusal.GetProperty("kind").GetString());
        Assert.Equal(Nik2, refusal.GetProperty("nik").GetString());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("permit").ValueKind);
        Assert.Contains("compared the fingers side by side", refusal.GetProperty("reason").GetString(),
            StringComparison.Ordinal);
        Assert.Contains(Nik1, refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The kept NIK's region (here the same one) is told too, without a status to move to.
        var notice = decisions[4];
        Assert.Equal("NOTICE", notice.GetProperty("kind").GetString());
        Assert.Equal(Nik1, notice.GetProperty("nik").GetString());
        Assert.Contains(Nik2, notice.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The refused recording left the gallery: a third NIK with the same fingers meets only the kept one.
        await EnrollAsync(Nik3, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(6);
        var next = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal(Nik1, next.GetProperty("matchedNik").GetString());
    }

    [Fact]
    public async Task Ruling_same_person_across_regions_tells_the_kept_region_what_the_resident_must_do()
    {
        const string MovedNik = "6172010412910001";
        using var singkawang = await _central.RegisterOfficeAsync("6172");
        var (id, envelope) = _central.SealEnrollment(singkawang, MovedNik, SampleFingers.PersonA, "6172");
        (await _central.UploadAsync(id, envelope)).EnsureSuccessStatusCode();
        await _central.WaitForDecisionsAsync(1, "6172");
        var cases = await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [];
        var moved = Assert.Single(cases, c => c.GetProperty("nik").GetString() == MovedNik);

        (await _central.Client.PostAsJsonAsync($"/api/cases/{moved.GetProperty("id").GetInt64()}/ruling",
            new { ruling = "same-person", by = "adjudicator.pusat", reason = "same face, same fingers" }))
            .EnsureSuccessStatusCode();

        var there = await _central.WaitForDecisionsAsync(3, "6172");
        Assert.Equal(["DUPLICATE_RECORD", "ADJUDICATE_RECORD", "DUPLICATE_RECORD"],
            there.Select(d => d.GetProperty("kind").GetString()));
        var refusal = there[2].GetProperty("reason").GetString()!;
        Assert.Contains($"keeps NIK {Nik1}", refusal, StringComparison.Ordinal);
        Assert.Contains("pindah datang", refusal, StringComparison.Ordinal);
        Assert.Contains("Kota Dumai (1472)", refusal, StringComparison.Ordinal);

        var here = await _central.WaitForDecisionsAsync(3);
        var notice = Assert.Single(here, d => d.GetProperty("kind").GetString() == "NOTICE");
        Assert.Equal(Nik1, notice.GetProperty("nik").GetString());
        Assert.Equal("1472", notice.GetProperty("regionCode").GetString());
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("permit").ValueKind);
        var text = notice.GetProperty("reason").GetString()!;
        Assert.Contains(MovedNik, text, StringComparison.Ordinal);
        Assert.Contains("Kota Singkawang (6172)", text, StringComparison.Ordinal);
        Assert.Contains("pindah keluar", text, StringComparison.Ordinal);
        Assert.Contains("same face, same fingers", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_very_long_reason_is_kept_whole_on_the_case_and_cut_in_the_feed()
    {
        var reason = new string('x', 1000);

        var response = await _central.Client.PostAsJsonAsync($"/api/cases/{await OpenCaseIdAsync()}/ruling",
            new { ruling = "same-person", by = new string('b', 120), reason });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rulingReason")
            .GetString());
        var decisions = await _central.WaitForDecisionsAsync(5);
        Assert.All(decisions, d => Assert.True(d.GetProperty("reason").GetString()!.Length <= 1000));
    }

    [Fact]
    public async Task A_case_is_ruled_once()
    {
        var id = await OpenCaseIdAsync();
        await RuleAsync(id, "different-people");

        var again = await RuleAsync(id, "same-person");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:ektp:problem:case-already-ruled",
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(4, (await _central.WaitForDecisionsAsync(4)).Count);
    }

    [Fact]
    public async Task A_ruling_without_a_reason_or_for_an_unknown_case_is_refused()
    {
        var incomplete = await _central.Client.PostAsJsonAsync($"/api/cases/{await OpenCaseIdAsync()}/ruling",
            new { ruling = "maybe", by = "x", reason = "" });
        var unknown = await RuleAsync(9999, "same-person");

        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var problem = await incomplete.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:ektp:problem:ruling-invalid", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("ruling", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("by", out _));
        Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

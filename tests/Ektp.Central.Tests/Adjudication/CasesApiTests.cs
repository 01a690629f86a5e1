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

        var decisions = await _central.WaitForDecisionsAsync(4);
        var refusal = decisions[3];
        Assert.Equal("DUPLICATE_RECORD", refusal.GetProperty("kind").GetString());
        Assert.Equal(Nik2, refusal.GetProperty("nik").GetString());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("permit").ValueKind);
        Assert.Contains("compared the fingers side by side", refusal.GetProperty("reason").GetString(),
            StringComparison.Ordinal);
        Assert.Contains(Nik1, refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The refused recording left the gallery: a third NIK with the same fingers meets only the kept one.
        await EnrollAsync(Nik3, SampleFingers.PersonA);
        await _central.WaitForDecisionsAsync(5);
        var next = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal(Nik1, next.GetProperty("matchedNik").GetString());
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
        Assert.Equal("urn:ektp:problem:ruling-invalid",
            (await incomplete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

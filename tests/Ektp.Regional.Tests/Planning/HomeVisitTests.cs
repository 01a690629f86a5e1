using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Regional.Tests.Infrastructure;
using Ektp.Regional.Tests.Outreach;

namespace Ektp.Regional.Tests.Planning;

[Trait("Category", "Database")]
public sealed class HomeVisitTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> RequestAsync(string nik, string reason = "sick") =>
        await _server.Client.PostAsJsonAsync("/api/sessions/home-visits",
            new { nik, reason, requestedBy = "Lurah Purnama", note = "tidak dapat berjalan" });

    [Fact]
    public async Task Home_visits_are_grouped_by_kelurahan_into_rounds_in_street_order_and_scheduled_as_one_session()
    {
        var rt7 = await _server.AddAsync(OutreachArrange.Adult("NENEK RT TUJUH", rt: 7, rw: 1));
        var rt2 = await _server.AddAsync(OutreachArrange.Adult("KAKEK RT DUA", rt: 2, rw: 1));
        var rw3 = await _server.AddAsync(OutreachArrange.Adult("BAPAK RW TIGA", rt: 1, rw: 3));
        var other = await _server.AddAsync(OutreachArrange.Adult("IBU TELUK BINJAI", TestResidents.OtherKelurahan));
        foreach (var (r, reason) in new[] { (rt7, "elderly"), (rt2, "sick"), (rw3, "disabled"), (other, "sick") })
        {
            Assert.Equal(HttpStatusCode.Created, (await RequestAsync(r.Nik.Value, reason)).StatusCode);
        }

        await ProblemAssert.IsProblemAsync(await RequestAsync(rt7.Nik.Value), HttpStatusCode.Conflict,
            "home-visit-pending");
        await ProblemAssert.IsProblemAsync(await RequestAsync(rt7.Nik.Value, "bored"), HttpStatusCode.BadRequest,
            "session-invalid");

        var visits = await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions/home-visits");

        Assert.Equal(4, visits.GetProperty("waiting").GetInt32());
        var rounds = visits.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal([TestResidents.Kelurahan, TestResidents.OtherKelurahan],
            rounds.Select(r => r.GetProperty("kelurahan").GetString()));
        Assert.Equal([rt2.Nik.Value, rt7.Nik.Value, rw3.Nik.Value], rounds[0].GetProperty("requests").EnumerateArray()
            .Select(r => r.GetProperty("nik").GetString()));
        Assert.Equal("elderly", rounds[0].GetProperty("requests")[1].GetProperty("reason").GetString());

        var response = await _server.Client.PostAsJsonAsync("/api/sessions", new
        {
            kind = "home",
            kelurahan = TestResidents.Kelurahan,
            startDate = "2026-11-26",
            team = "Tim kunjungan",
            createdBy = "op.plan",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, session.GetProperty("listed").GetInt32());
        Assert.Equal(3, session.GetProperty("expected").GetInt32());

        visits = await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions/home-visits");
        Assert.Equal(1, visits.GetProperty("waiting").GetInt32());
        Assert.Equal(3, visits.GetProperty("scheduled").GetArrayLength());
        var letters = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            session.GetProperty("letters").GetString()));
        Assert.Equal(3, letters.Count);
        Assert.All(letters, l => Assert.Contains("kunjungan petugas", l, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Residents;
using Ektp.Regional.Outreach;
using Ektp.Regional.Planning;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Outreach;

[Trait("Category", "Database")]
public sealed class FindingsTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(params object[] items) =>
        _server.Client.PostAsJsonAsync("/api/outreach/findings", new
        {
            reportedBy = "Ketua RT 003 Ahmad",
            foundOn = "2026-11-20",
            recordedBy = "op.jangkauan",
            items,
        });

    [Fact]
    public async Task Rt_findings_are_kept_with_who_and_when_and_feed_the_list_and_the_plan()
    {
        var died = await _server.AddAsync(OutreachArrange.Adult("AGUS SALIM"));
        var sick = await _server.AddAsync(OutreachArrange.Adult("BUDI HARTONO"));
        var coming = await _server.AddAsync(OutreachArrange.Adult("CANDRA KIRANA"));
        var unchecked_ = await _server.AddAsync(OutreachArrange.Adult("DEWI SARTIKA"));

        var response = await PostAsync(
            new { nik = died.Nik.Value, finding = "died", note = "wafat Oktober 2026" },
            new { nik = sick.Nik.Value, finding = "sick-at-home", note = "stroke, tidak dapat berjalan" },
            new { nik = coming.Nik.Value, finding = "will-come", expectedOn = "2026-11-30" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, saved.GetProperty("saved").GetInt32());
        Assert.Equal(1, saved.GetProperty("homeVisitsRequested").GetInt32());

        var list = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/outreach/kelurahan/{TestResidents.Kelurahan}/unrecorded");
        Assert.Equal(4, list.GetProperty("total").GetInt32()); // a death stays a gap until SIAK is updated
        var findings = list.GetProperty("findings");
        Assert.Equal(1, findings.GetProperty("died").GetInt32());
        Assert.Equal(1, findings.GetProperty("leftRegistry").GetInt32());
        Assert.Equal(1, findings.GetProperty("unchecked").GetInt32());
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("nik").GetString() == died.Nik.Value);
        Assert.Equal("died", item.GetProperty("finding").GetProperty("finding").GetString());
        Assert.Equal("Ketua RT 003 Ahmad", item.GetProperty("finding").GetProperty("reportedBy").GetString());
        Assert.Equal("op.jangkauan", item.GetProperty("finding").GetProperty("recordedBy").GetString());
        Assert.Equal("2026-11-20", item.GetProperty("finding").GetProperty("foundOn").GetString());
        Assert.True(list.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("nik").GetString() == sick.Nik.Value).GetProperty("homeVisitRequested").GetBoolean());

        var visits = await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions/home-visits");
        var request = Assert.Single(Assert.Single(visits.GetProperty("rounds").EnumerateArray())
            .GetProperty("requests").EnumerateArray());
        Assert.Equal(sick.Nik.Value, request.GetProperty("nik").GetString());
        Assert.Equal("rt-finding", request.GetProperty("source").GetString());

        var suggestions = await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions/suggestions?kind=kelurahan");
        var purnama = Assert.Single(suggestions.EnumerateArray());
        Assert.Equal(4, purnama.GetProperty("unrecorded").GetInt32());
        Assert.Equal(3, purnama.GetProperty("toRecord").GetInt32()); // the dead are not invited
        Assert.Equal(1, purnama.GetProperty("willCome").GetInt32());

        var pdf = string.Join('\n', OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            $"/api/outreach/kelurahan/{TestResidents.Kelurahan}/unrecorded.pdf")));
        Assert.Contains("Meninggal (Ketua RT 003", pdf, StringComparison.Ordinal); // a cell wraps onto two lines
        Assert.Contains("Ahmad, 20-11-2026)", pdf, StringComparison.Ordinal);
        Assert.Contains(unchecked_.Nik.Value, pdf, StringComparison.Ordinal);

        _server.Clock.Advance(TimeSpan.FromDays(1));
        var later = await PostAsync(new { nik = coming.Nik.Value, finding = "working-elsewhere" });
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        var history = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/outreach/findings/{coming.Nik.Value}");
        Assert.Equal(["working-elsewhere", "will-come"],
            history.EnumerateArray().Select(f => f.GetProperty("finding").GetString()));
    }

    [Fact]
    public async Task A_batch_with_a_bad_row_stores_nothing_and_lists_every_bad_row()
    {
        var good = await _server.AddAsync(OutreachArrange.Adult("EKO PRASETYO"));
        var recorded = await _server.AddAsync(OutreachArrange.Adult("FITRI HANDAYANI"));
        await _server.MarkRecordedAsync(recorded, RegionalServer.DefaultNow.UtcDateTime.AddDays(-1),
            RecordingLocation.Office);

        var response = await PostAsync(
            new { nik = good.Nik.Value, finding = "sick-at-home" },
            new { nik = "12345", finding = "died" },
            new { nik = good.Nik.Value, finding = "died" },
            new { nik = recorded.Nik.Value, finding = "died" },
            new { nik = "1472011506900999", finding = "died" },
            new { nik = OutreachArrange.Adult("X").Nik.Value, finding = "on-holiday" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "findings-invalid");
        Assert.Equal(["nik-malformed", "finding-duplicate", "already-recorded", "resident-unknown", "resident-unknown"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Set<RtFinding>().CountAsync());
        Assert.Equal(0, await db.Set<HomeVisitRequest>().CountAsync());

        var future = await _server.Client.PostAsJsonAsync("/api/outreach/findings", new
        {
            reportedBy = "RT 3",
            foundOn = "2027-01-01",
            recordedBy = "op",
            items = new[] { new { nik = good.Nik.Value, finding = "will-come" } },
        });
        var futureProblem = await ProblemAssert.IsProblemAsync(future, HttpStatusCode.BadRequest, "findings-invalid");
        Assert.Equal("date-invalid", futureProblem.GetProperty("errors")[0].GetProperty("code").GetString());
    }
}

using System.Net;
using Ektp.Regional.Outreach;
using Ektp.Regional.Tests.Changes;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Outreach;

/// <summary>The operator pages: /jangkauan, /jangkauan/{kel}, /lembaga, /lembaga/{id}, /jemput-bola and
/// /jemput-bola/{id}, in Bahasa Indonesia and English.</summary>
public sealed class OutreachPagesTests : IAsyncLifetime, IDisposable
{
    private RegionalServer _server = null!;
    private FormClient _pages = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _pages = new FormClient(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _pages.Dispose();

    [Fact]
    public async Task The_outreach_pages_show_the_list_and_record_rt_findings_in_both_languages()
    {
        var ani = await _server.AddAsync(OutreachArrange.Adult("ANI LESTARI"));
        var page = $"/jangkauan/{TestResidents.Kelurahan}";

        var index = await _pages.HtmlAsync("/jangkauan");
        var english = await _pages.HtmlAsync($"{page}?lang=en");
        var indonesian = await _pages.HtmlAsync($"{page}?lang=id");

        Assert.Contains("Jangkauan penduduk belum rekam", index, StringComparison.Ordinal);
        Assert.Contains($"href=\"/jangkauan/{TestResidents.Kelurahan}\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"/jangkauan\"", index, StringComparison.Ordinal); // in the navigation
        Assert.Contains("href=\"/jemput-bola\"", index, StringComparison.Ordinal);
        Assert.Contains("Unrecorded wajib-KTP residents", english, StringComparison.Ordinal);
        Assert.Contains("Penduduk wajib KTP belum rekam", indonesian, StringComparison.Ordinal);
        Assert.Contains(ani.Nik.Value, indonesian, StringComparison.Ordinal);
        Assert.Contains("sampai data kependudukan (SIAK) diperbarui", indonesian, StringComparison.Ordinal);

        using var refused = await _pages.PostAsync(page, page, ("reportedBy", "RT 003"), ("foundOn", "2026-11-22"),
            ("recordedBy", "op"), ($"finding-{ani.Nik.Value}", "will-come"), ($"expected-{ani.Nik.Value}", "besok"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var saved = await _pages.PostAsync(page, page, ("reportedBy", "RT 003"), ("foundOn", "2026-11-22"),
            ("recordedBy", "op"), ($"finding-{ani.Nik.Value}", "sick-at-home"), ($"note-{ani.Nik.Value}", "lumpuh"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await _pages.HtmlAsync(page);
        Assert.Contains("Sakit di rumah — RT 003, 22-11-2026 (op): lumpuh", after, StringComparison.Ordinal);
        Assert.Contains("Kunjungan rumah diminta.", after, StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        Assert.Equal(1, await db.Set<RtFinding>().CountAsync());
        await _pages.HtmlAsync("/jangkauan/1472019999", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_planning_and_institution_pages_render_and_schedule_a_session()
    {
        await _server.AddAsync(OutreachArrange.Adult("ANI LESTARI"));

        using var created = await _pages.PostAsync("/lembaga", "/lembaga", ("kind", "company"),
            ("name", "PT KILANG DUMAI"), ("kelurahan", TestResidents.Kelurahan), ("address", "Jl. Putri Tujuh"),
            ("createdBy", "op"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var institution = await _pages.HtmlAsync(created.Headers.Location!.OriginalString + "?lang=en");
        Assert.Contains("PT KILANG DUMAI", institution, StringComparison.Ordinal);
        Assert.Contains("People list (CSV)", institution, StringComparison.Ordinal);

        var plan = await _pages.HtmlAsync("/jemput-bola?lang=id");
        Assert.Contains("Perencanaan jemput bola", plan, StringComparison.Ordinal);
        Assert.Contains("Proyeksi 100 % per kecamatan", plan, StringComparison.Ordinal);
        Assert.Contains($"data-id=\"{TestResidents.Kelurahan}\"", plan, StringComparison.Ordinal);

        using var session = await _pages.PostAsync("/jemput-bola", "/jemput-bola?handler=Session",
            ("kind", "kecamatan"), ("kelurahan", TestResidents.Kelurahan), ("startDate", "2026-11-30"),
            ("team", "Andi"), ("createdBy", "op"));
        Assert.Equal(HttpStatusCode.Redirect, session.StatusCode);
        var detail = await _pages.HtmlAsync(session.Headers.Location!.OriginalString);
        Assert.Contains("Diharapkan dan terekam", detail, StringComparison.Ordinal);
        Assert.Contains("Senin, 30 November 2026", detail, StringComparison.Ordinal);

        var openApi = await _server.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/outreach/findings", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/sessions/projection", openApi, StringComparison.Ordinal);

        using var bad = await _pages.PostAsync("/jemput-bola", "/jemput-bola?handler=Session",
            ("kind", "kecamatan"), ("kelurahan", TestResidents.Kelurahan), ("startDate", "2026-11-30"),
            ("createdBy", "op"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_field_kit_serves_neither_the_outreach_pages_nor_their_api()
    {
        await using var kit = await RegionalServer.StartAsync(configure: s => s with { RegionalUrl = "http://127.0.0.1:9" });
        using var pages = new FormClient(kit);

        await pages.HtmlAsync("/jangkauan", HttpStatusCode.NotFound);
        await pages.HtmlAsync("/jemput-bola", HttpStatusCode.NotFound);
        await pages.HtmlAsync("/lembaga", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await kit.Client.GetAsync("/api/sessions/suggestions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kit.Client.GetAsync("/api/outreach/office")).StatusCode);
    }
}

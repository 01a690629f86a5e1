using System.Net;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Changes;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Changes;

/// <summary>The operator pages of data changes: request at /perubahan/{nik}, decide at /perubahan.</summary>
public sealed class ChangePagesTests : IAsyncLifetime, IDisposable
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
    public async Task The_request_page_shows_the_rules_the_form_and_an_empty_history_in_both_languages()
    {
        var resident = await _server.AddAdultAsync();

        var indonesian = await _pages.HtmlAsync($"/perubahan/{resident.Nik.Value}");
        var english = await _pages.HtmlAsync($"/perubahan/{resident.Nik.Value}?lang=en");

        Assert.Contains("Perubahan data dan cetak ulang KTP-el", indonesian, StringComparison.Ordinal);
        Assert.Contains("hanya dengan penetapan pengadilan", indonesian, StringComparison.Ordinal);
        Assert.Contains("id=\"change-form\"", indonesian, StringComparison.Ordinal);
        Assert.Contains("Belum ada permohonan perubahan data.", indonesian, StringComparison.Ordinal);
        Assert.Contains("href=\"/perubahan\"", indonesian, StringComparison.Ordinal); // in the navigation
        Assert.Contains("Data changes and e-KTP reprints", english, StringComparison.Ordinal);
        Assert.Contains("No change requests yet.", english, StringComparison.Ordinal);
        await _pages.HtmlAsync("/perubahan/1472010101900001", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_request_shows_why_and_keeps_the_form()
    {
        var resident = await _server.AddAdultAsync();
        var page = $"/perubahan/{resident.Nik.Value}";

        using var response = await _pages.PostAsync(page, page,
            ("Form.Kind", "data"), ("Form.Field", "name"), ("Form.NewValue", "BUDI SANTOSA"),
            ("Form.Document", "Surat RT"), ("Form.RequestedBy", "op.dumai"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("memerlukan penetapan pengadilan", html, StringComparison.Ordinal);
        Assert.Contains("value=\"BUDI SANTOSA\"", html, StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.ResidentChanges.CountAsync());
    }

    [Fact]
    public async Task An_operator_requests_and_a_supervisor_approves_through_the_pages()
    {
        var resident = await _server.AddAsync(TestResidents.Make("SITI RAHAYU", new DateOnly(1988, 2, 3), Sex.Female),
            RecordStatus.Delivered);
        var page = $"/perubahan/{resident.Nik.Value}";

        using (var requested = await _pages.PostAsync(page, page,
                   ("Form.Kind", "data"), ("Form.Field", "maritalStatus"), ("Form.NewValue", "KAWIN"),
                   ("Form.Document", "Akta nikah 0012/2026"), ("Form.RequestedBy", "op.dumai")))
        {
            Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
            Assert.Equal(page, requested.Headers.Location?.OriginalString);
        }

        Assert.Contains("menunggu persetujuan supervisor", await _pages.HtmlAsync(page), StringComparison.Ordinal);
        var list = await _pages.HtmlAsync("/perubahan");
        Assert.Contains(resident.Nik.Value, list, StringComparison.Ordinal);
        Assert.Contains("SITI RAHAYU", list, StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        var id = (await db.ResidentChanges.SingleAsync()).Id;

        using (var self = await _pages.PostAsync("/perubahan", "/perubahan?handler=decide",
                   ("id", id.ToString()), ("decision", "approve"), ("by", "op.dumai")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
            Assert.Contains("tidak boleh memutuskan", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var sameAccount = await _pages.PostAsync("/perubahan", "/perubahan?handler=decide",
                   ("id", id.ToString()), ("decision", "approve"), ("by", "spv.dumai")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, sameAccount.StatusCode); // the account requested it
        }

        using var supervisorClient = await _server.SupervisorClientAsync();
        using var supervisor = new FormClient(_server, supervisorClient);
        using (var approved = await supervisor.PostAsync("/perubahan", "/perubahan?handler=decide",
                   ("id", id.ToString()), ("decision", "approve"), ("by", "spv.dumai")))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        Assert.Contains("Permohonan disetujui.", await supervisor.HtmlAsync("/perubahan"), StringComparison.Ordinal);
        var history = await _pages.HtmlAsync(page);
        Assert.Contains("Disetujui", history, StringComparison.Ordinal);
        Assert.Contains("Cetak ulang diminta", history, StringComparison.Ordinal);
        Assert.Contains("BELUM KAWIN", history, StringComparison.Ordinal);
        await using var check = _server.NewDbContext();
        var row = await check.ResidentChanges.SingleAsync();
        Assert.Equal((ChangeState.Approved, "spv.dumai", true), (row.State, row.DecidedBy, row.ReprintRequested));
    }

    [Fact]
    public async Task A_lost_card_reprint_is_requested_with_the_police_report()
    {
        var resident = await _server.AddAsync(TestResidents.Make("AHMAD", new DateOnly(1980, 1, 5)),
            RecordStatus.Delivered);
        var page = $"/perubahan/{resident.Nik.Value}";

        using var requested = await _pages.PostAsync(page, page,
            ("Form.Kind", "reprint"), ("Form.Reprint", "lost"), ("Form.PoliceReport", "LP/B/512/XI/2026"),
            ("Form.Field", "name"), ("Form.NewValue", "ignored"), ("Form.RequestedBy", "op.dumai"));

        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        await using var db = _server.NewDbContext();
        var row = await db.ResidentChanges.SingleAsync();
        Assert.Equal((ChangeKind.Reprint, ReprintReason.Lost, "LP/B/512/XI/2026", (Core.Changes.ResidentField?)null),
            (row.Kind, row.ReprintReason, row.PoliceReportNumber, row.Field));
    }

    [Fact]
    public async Task The_nik_box_opens_the_resident()
    {
        var resident = await _server.AddAdultAsync();

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = _server.Client.BaseAddress,
            DefaultRequestHeaders = { Authorization = _server.Client.DefaultRequestHeaders.Authorization },
        };
        using var response = await http.GetAsync($"/perubahan?nik={resident.Nik.Value}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/perubahan/{resident.Nik.Value}", response.Headers.Location?.OriginalString);
    }
}

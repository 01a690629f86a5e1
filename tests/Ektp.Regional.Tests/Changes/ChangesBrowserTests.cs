using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Changes;

/// <summary>An operator requests a name change with its court decision and a supervisor approves it, in a real
/// headless browser.</summary>
public sealed class ChangesBrowserTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    [BrowserFact]
    public async Task Operator_requests_a_name_change_and_a_supervisor_approves_it()
    {
        var resident = await _server.AddAsync(TestResidents.Make("SITI RAHAYU", new DateOnly(1988, 2, 3), Sex.Female),
            RecordStatus.Delivered);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _server.Url });
        page.SetDefaultTimeout(120_000); // CI-sized: the machine is shared and often very busy
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url);

        await page.GotoAsync("/perubahan");
        await page.FillAsync("#nik", resident.Nik.Value);
        await page.ClickAsync("#open-form button");
        await BrowserWait.ForUrlAsync(page, u => u.EndsWith($"/perubahan/{resident.Nik.Value}", StringComparison.Ordinal));
        await page.SelectOptionAsync("#field", "name");
        await page.FillAsync("#newValue", "Siti Rahayu Ningsih");
        await page.FillAsync("#courtNumber", "77/Pdt.P/2026/PN Dum");
        await page.FillAsync("#court", "Pengadilan Negeri Dumai");
        await page.FillAsync("#courtDate", "2026-09-14");
        await page.FillAsync("#requestedBy", "op.dumai");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#message");
        Assert.Contains("Menunggu", await page.InnerTextAsync("#history"), StringComparison.Ordinal);

        // The supervisor decides in a browser of their own, signed in with their own account: the account that sent
        // the request may not decide it.
        (await _server.SupervisorClientAsync()).Dispose(); // makes the account
        await using var supervisorContext = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Url });
        page = await supervisorContext.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url, "test.supervisor");
        await page.GotoAsync("/perubahan");
        var row = page.Locator("#pending tbody tr").First;
        Assert.Contains("SITI RAHAYU NINGSIH", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("input[name=by]").FillAsync("spv.dumai");
        await row.Locator("button[value=approve]").ClickAsync();
        await page.WaitForSelectorAsync("#none");
        Assert.Contains("Permohonan disetujui.", await page.InnerTextAsync("#message"), StringComparison.Ordinal);

        await page.GotoAsync($"/perubahan/{resident.Nik.Value}?lang=en");
        var history = await page.InnerTextAsync("#history");
        Assert.Contains("Approved", history, StringComparison.Ordinal);
        Assert.Contains("Reprint requested", history, StringComparison.Ordinal);
        Assert.Contains("77/Pdt.P/2026/PN Dum", history, StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        Assert.Equal("SITI RAHAYU NINGSIH", (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Name);
        Assert.Equal(1, await db.Outbox.CountAsync());
    }
}

using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Playwright;
using static Ektp.Regional.Tests.Reports.CoveragePopulation;

namespace Ektp.Regional.Tests.Reports;

/// <summary>An operator opens the coverage dashboard from the menu and drills down from kecamatan to RT.</summary>
public sealed class CoverageBrowserTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        await AddAsync(_server);
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
    public async Task Operator_drills_down_from_kecamatan_to_kelurahan_to_RT()
    {
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url);

        await page.GotoAsync($"{_server.Url}/");
        await page.ClickAsync("header a[href='/cakupan']");
        await page.WaitForSelectorAsync("#coverage");
        Assert.Equal("Cakupan perekaman KTP-el", await page.InnerTextAsync("h1"));
        Assert.Equal("42.86 %", await page.InnerTextAsync($"#coverage tr[data-code='{DumaiBarat}'] .percent"));
        Assert.Equal("50.00 %", await page.InnerTextAsync("#total .percent"));
        Assert.Equal(3, await page.Locator("svg.chart").CountAsync());

        await page.FillAsync("#asOf", "2026-06-30");
        await page.ClickAsync("#asof-form button");
        await BrowserWait.ForUrlAsync(page, u => u.Contains("asOf=2026-06-30", StringComparison.Ordinal));
        Assert.Equal("12", await page.InnerTextAsync("#total td:nth-child(2)"));

        await page.ClickAsync($"#coverage tr[data-code='{DumaiBarat}'] a");
        await page.WaitForSelectorAsync($"#coverage tr[data-code='{Purnama}']");
        Assert.Contains("kelurahan-unknown", await page.InnerTextAsync("#unplaced"), StringComparison.Ordinal);
        Assert.Contains("2026-06-30", page.Url, StringComparison.Ordinal);

        await page.ClickAsync($"#coverage tr[data-code='{Purnama}'] a");
        await page.WaitForSelectorAsync($"#coverage tr[data-code='{Purnama}/002/003']");
        Assert.Contains("RT 003 / RW 002", await page.InnerTextAsync("#coverage"), StringComparison.Ordinal);
        Assert.Contains("Purnama", await page.InnerTextAsync("#crumbs"), StringComparison.Ordinal);
        var csv = await _server.Client.GetStringAsync(await page.GetAttributeAsync("#csv", "href"));
        Assert.Contains($"unit,{Purnama}/002/003,RT 003 / RW 002,8,", csv, StringComparison.Ordinal);

        await page.GotoAsync($"{_server.Url}/cakupan?lang=en");
        Assert.Equal("e-KTP recording coverage", await page.InnerTextAsync("h1"));
    }
}

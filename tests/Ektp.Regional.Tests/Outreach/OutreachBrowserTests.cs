using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Outreach;

/// <summary>An operator opens a kelurahan's list, types in what the RT found, and finds the home visit it asked for
/// in the planning page, in a real headless browser.</summary>
public sealed class OutreachBrowserTests : IAsyncLifetime
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
    public async Task Operator_records_rt_findings_and_sees_the_home_visit_in_the_plan()
    {
        var sick = await _server.AddAsync(OutreachArrange.Adult("SAKIT DI RUMAH", rt: 4));
        var moved = await _server.AddAsync(OutreachArrange.Adult("SUDAH PINDAH", rt: 4));
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url);

        await page.GotoAsync($"{_server.Url}/jangkauan?lang=id");
        await page.SelectOptionAsync("#kel", TestResidents.Kelurahan);
        await page.ClickAsync("#kel-form button");
        await page.WaitForSelectorAsync("#unrecorded");
        Assert.Equal("2", await page.InnerTextAsync("#total"));
        await page.FillAsync("#reportedBy", "Ketua RT 004 Hasan");
        await page.FillAsync("#recordedBy", "op.jangkauan");
        await page.SelectOptionAsync($"select[name='finding-{sick.Nik.Value}']", "sick-at-home");
        await page.SelectOptionAsync($"select[name='finding-{moved.Nik.Value}']", "moved-away");
        await page.ClickAsync("#findings-save");
        await page.WaitForSelectorAsync("#message");

        Assert.Contains("Sakit di rumah — Ketua RT 004 Hasan",
            await page.InnerTextAsync($"tr[data-nik='{sick.Nik.Value}'] .finding"), StringComparison.Ordinal);
        Assert.Contains("tetap dihitung belum rekam",
            await page.InnerTextAsync($"tr[data-nik='{moved.Nik.Value}'] .finding"), StringComparison.Ordinal);
        Assert.Equal("2", await page.InnerTextAsync("#total")); // still unrecorded until SIAK is updated

        await page.ClickAsync("header a[href='/jemput-bola']");
        var round = await page.InnerTextAsync($"table.round[data-kelurahan='{TestResidents.Kelurahan}']");
        Assert.Contains(sick.Nik.Value, round, StringComparison.Ordinal);
        Assert.DoesNotContain(moved.Nik.Value, round, StringComparison.Ordinal);
        Assert.Equal("1", await page.InnerTextAsync($"#suggestions tr[data-id='{TestResidents.Kelurahan}'] .count"));
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ektp.Central.Tests.Web;

/// <summary>An adjudicator examines a duplicate and rules it in a real headless browser (Debian's Chromium).</summary>
public sealed class AdjudicationBrowserTests : IAsyncLifetime
{
    private CentralServer _central = null!;
    private ECDsa _office = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
        if (!File.Exists(BrowserFactAttribute.Chromium))
        {
            return; // the test is skipped (or fails in CI) through BrowserFact
        }

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
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }

        _office.Dispose();
        await _central.DisposeAsync();
    }

    [BrowserFact]
    public async Task An_adjudicator_compares_the_two_recordings_and_rules_same_person()
    {
        await _central.RecordAsync(_office, new Recording("1472010412910001", "SITI RAHAYU", Sex.Female));
        await _central.RecordAsync(_office, new Recording("1472014412910002", "SITI RAHAYU PUTRI", Sex.Female)
        {
            Fingers = SampleFingers.PersonAAgain,
            Dpi = new Dictionary<int, int> { [1] = 1000 },
        });
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1300, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        var url = _central.Client.BaseAddress!.ToString().TrimEnd('/');
        await BrowserLogin.SignInAsync(page, url);

        await page.GotoAsync($"{url}/kasus");
        await page.ClickAsync("#cases a");
        await BrowserWait.ForUrlAsync(page, u => u.Contains("/kasus/", StringComparison.Ordinal));

        // Both photos really loaded; every finger is drawn with paired minutiae over its images.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.portraits img')].every(i => i.complete)");
        var loaded = await page.EvalOnSelectorAllAsync<bool[]>(".portraits img",
            "images => images.map(i => i.naturalWidth > 0)");
        Assert.Equal([true, true, true, true], loaded);
        Assert.Equal(3, await page.Locator("svg.finger").CountAsync());
        Assert.True(await page.Locator("svg.finger .m-paired").CountAsync() > 10);
        Assert.Equal(6, await page.Locator("svg.finger image").CountAsync());
        Assert.Contains("SITI RAHAYU PUTRI", await page.InnerTextAsync("#side-baru"), StringComparison.Ordinal);
        await Screenshot(page, "case");
        await Screenshot(page, "finger-1", "#finger-1");

        // The browser asks for who and why; the server for the choice, in the page's language.
        await page.FillAsync("#by", "adjudikator.pusat");
        await page.FillAsync("#reason", "wajah, tanggal lahir dan sidik jari sama");
        await page.ClickAsync("#rule");
        Assert.Contains("Pilih", await page.InnerTextAsync("#errors"), StringComparison.Ordinal);
        Assert.Equal("adjudikator.pusat", await page.InputValueAsync("#by"));

        await page.CheckAsync("#ruling-same");
        await page.ClickAsync("#rule");
        await page.WaitForSelectorAsync("#message");
        Assert.Contains("Putusan tersimpan", await page.InnerTextAsync("#message"), StringComparison.Ordinal);
        await page.ClickAsync("#lang");
        await BrowserWait.ForUrlAsync(page, u => u.EndsWith("lang=en", StringComparison.Ordinal));
        Assert.Contains("Same person", await page.InnerTextAsync("#ruling"), StringComparison.Ordinal);
        await Screenshot(page, "ruled");

        await page.ClickAsync("header a[href='/']");
        Assert.Contains("Notice (no status change)", await page.InnerTextAsync("#decisions"), StringComparison.Ordinal);
        await Screenshot(page, "stats");
        await page.ClickAsync("header a[href='/kantor']");
        Assert.Contains("Kota Dumai (1472)", await page.InnerTextAsync("#offices"), StringComparison.Ordinal);
        await Screenshot(page, "offices");

        var ruled = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases?state=ruled") ?? []);
        Assert.Equal("adjudikator.pusat", ruled.GetProperty("ruledBy").GetString());
    }

    /// <summary>Saves a full-page screenshot when EKTP_TEST_SCREENSHOTS names a folder (to look at the page).</summary>
    private static async Task Screenshot(IPage page, string name, string? selector = null)
    {
        if (Environment.GetEnvironmentVariable("EKTP_TEST_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        var path = Path.Combine(folder, $"central-{name}.png");
        if (selector is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        else
        {
            await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }
}

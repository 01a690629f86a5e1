using Ektp.Core.Lifecycle;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Printing;

/// <summary>An operator receives blanks, prints the next card, sends it out and records the hand-over, in a real
/// headless browser; the resident then checks the public status page.</summary>
public sealed class PrintingBrowserTests : IAsyncLifetime
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
    public async Task Operator_prints_a_card_and_records_its_delivery()
    {
        var ready = new PrintReady(_server);
        var (resident, _) = await ready.AddAsync("NUR HALIZA", RegionalServer.DefaultNow.UtcDateTime.AddDays(-2),
            birthDate: new DateOnly(1995, 8, 17), sex: Core.Identity.Sex.Female);
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url);

        await page.GotoAsync($"{_server.Url}/blangko");
        await page.FillAsync("#r-first", "880001");
        await page.FillAsync("#r-last", "880050");
        await page.FillAsync("#r-by", "gudang");
        await page.ClickAsync("#receive");
        await page.WaitForSelectorAsync("#message");
        Assert.Equal("50", await page.InnerTextAsync("#stock tr[data-office='1472'] .available"));

        await page.ClickAsync("header a[href='/cetak']");
        Assert.Contains("NUR HALIZA", await page.InnerTextAsync("#queue"), StringComparison.Ordinal);
        await page.FillAsync("#operator", "op.cetak");
        await page.ClickAsync("#print-next");
        await page.WaitForSelectorAsync("#printed");
        var pdf = await page.GetAttributeAsync("#printed-pdf", "href");
        var pdfResponse = await _server.Client.GetAsync(pdf);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);

        await page.ClickAsync("header a[href='/pengiriman']");
        await page.CheckAsync("#awaiting input[type=checkbox]");
        await page.SelectOptionAsync("#kind", "office");
        await page.FillAsync("#destination", "Loket Disdukcapil Kota Dumai");
        await page.FillAsync("#batch-by", "op.kirim");
        await page.ClickAsync("#create-batch");
        await page.WaitForSelectorAsync("form.handover");
        await page.FillAsync("form.handover input[name=receivedBy]", "NUR HALIZA");
        await page.FillAsync("form.handover input[name=identification]", "KK 1472010101950001");
        await page.FillAsync("form.handover input[name=by]", "op.loket");
        await page.ClickAsync("form.handover button");
        await page.WaitForSelectorAsync(".handed-over");
        Assert.Contains("KK 1472010101950001", await page.InnerTextAsync(".handed-over"), StringComparison.Ordinal);

        await using (var db = _server.NewDbContext())
        {
            var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
            Assert.Equal(RecordStatus.Delivered, record.Status);
            Assert.Equal(880001, (await db.Cards.SingleAsync()).BlankSerial);
        }

        await page.GotoAsync($"{_server.Url}/status?lang=en");
        await page.FillAsync("#nik", resident.Nik.Value);
        await page.FillAsync("#birthDate", "1995-08-17");
        await page.ClickAsync("#check");
        await page.WaitForSelectorAsync("#stage");
        Assert.Equal("DELIVERED", await page.GetAttributeAsync("#stage", "data-status"));
        Assert.DoesNotContain("HALIZA", await page.ContentAsync(), StringComparison.Ordinal);
    }
}

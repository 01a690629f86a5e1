using Ektp.Core.Lifecycle;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Web;

/// <summary>An operator finds a resident and records an enrollment through the web UI, in a real headless browser.</summary>
public sealed class OperatorUiBrowserTests : IAsyncLifetime
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
    public async Task Operator_finds_a_resident_by_name_and_records_an_enrollment()
    {
        var resident = await _server.AddAdultAsync("MUHAMMAD IQBAL");
        var page = await NewPageAsync();

        await page.GotoAsync(_server.Url);
        await page.FillAsync("#q", "iqbal");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync($"a[href='/penduduk/{resident.Nik}'] >> nth=1");
        await BrowserWait.ForUrlAsync(page, u => u.EndsWith($"/penduduk/{resident.Nik}", StringComparison.Ordinal));
        Assert.Equal("UNREGISTERED", await page.InnerTextAsync("#status"));

        await page.ClickAsync("#enroll");
        await BrowserWait.ForUrlAsync(page, u => u.EndsWith($"/perekaman/{resident.Nik}", StringComparison.Ordinal));
        await page.SelectOptionAsync("#location", "kecamatan");
        await page.FillAsync("#operator", "op.browser");
        await page.SetInputFilesAsync("#photo", Payload("photo.jpg", "image/jpeg", TestImages.FacePhoto()));
        await page.SetInputFilesAsync("#signature", Payload("signature.png", "image/png", TestImages.Png(200, 80)));
        for (var i = 1; i <= 9; i++)
        {
            await page.SetInputFilesAsync($"#finger{i}", Payload($"f{i}.png", "image/png", TestFingerprints.Image(i)));
        }

        await page.FillAsync("#missing10", "diperban");
        await page.ClickAsync("#submit");

        await BrowserWait.ForUrlAsync(page, u => u.EndsWith($"/penduduk/{resident.Nik}", StringComparison.Ordinal));
        Assert.Equal("BIO_CAPTURED", await page.InnerTextAsync("#status"));
        Assert.Contains("Perekaman tersimpan", await page.ContentAsync(), StringComparison.Ordinal);
        await using var db = _server.NewDbContext();
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.Equal(RecordStatus.BioCaptured, record.Status);
        var enrollment = await db.Enrollments.SingleAsync();
        Assert.Equal("op.browser", enrollment.Operator);
        Assert.Equal("10:diperban", enrollment.MissingFingers);

        await page.GotoAsync($"{_server.Url}/perekaman/hari-ini?lang=en");
        Assert.Contains("Today's recordings", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains(resident.Nik.Value, await page.InnerTextAsync("#today"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_refused_enrollment_shows_the_reason_on_the_form()
    {
        var resident = await _server.AddAdultAsync("RINA");
        var page = await NewPageAsync();

        await page.GotoAsync($"{_server.Url}/perekaman/{resident.Nik}");
        await page.FillAsync("#operator", "op.browser");
        await page.SetInputFilesAsync("#photo", Payload("photo.jpg", "image/jpeg", TestImages.FacePhoto()));
        await page.SetInputFilesAsync("#signature", Payload("signature.png", "image/png", TestImages.Png()));
        await page.ClickAsync("#submit");

        Assert.Contains("finger", await page.InnerTextAsync("#problem"), StringComparison.OrdinalIgnoreCase);
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Enrollments.CountAsync());
    }

    /// <summary>A page with generous timeouts: in CI the other test assemblies share the two cores, and recording
    /// extracts nine fingerprints before the redirect.</summary>
    private async Task<IPage> NewPageAsync()
    {
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        await BrowserLogin.SignInAsync(page, _server.Url);
        return page;
    }

    private static FilePayload Payload(string name, string mime, byte[] content) =>
        new() { Name = name, MimeType = mime, Buffer = content };
}

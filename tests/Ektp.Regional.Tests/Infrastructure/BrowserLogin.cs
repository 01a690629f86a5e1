using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>Signs a browser page in through the sign-in form (`/masuk`), as staff do.</summary>
internal static class BrowserLogin
{
    public static async Task SignInAsync(IPage page, string baseUrl, string user = "test.semua",
        string password = "uji-rahasia-2026")
    {
        await page.GotoAsync($"{baseUrl.TrimEnd('/')}/masuk");
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login button[type=submit]");
        await BrowserWait.ForUrlAsync(page, url => !url.Contains("/masuk", StringComparison.Ordinal));
    }
}

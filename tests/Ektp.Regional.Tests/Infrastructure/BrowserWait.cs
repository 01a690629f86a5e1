using Microsoft.Playwright;

namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>Waits for a browser page to arrive somewhere, without Playwright's `WaitForURLAsync`.</summary>
/// <remarks>
/// `WaitForURLAsync` and `WaitForLoadStateAsync` look at the page's state and only then subscribe to the event
/// that changes it, and the events arrive on another thread: a `load` landing between the two is lost and the call
/// waits out its whole timeout (microsoft/playwright-dotnet#3364). CI once hung 120 s after a sign-in on a page
/// that had loaded. Here the address is polled, and the load state is asked for in short waits: a state once
/// reached is kept, so a wait that missed its event finds it at the next look.
/// </remarks>
internal static class BrowserWait
{
    /// <summary>As long as the browser tests give any one step.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Until the page's address satisfies <paramref name="arrived"/> and its document has loaded.</summary>
    public static async Task ForUrlAsync(IPage page, Func<string, bool> arrived)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!arrived(page.Url))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page stayed at {page.Url} for {Timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }

        while (true)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Not loaded yet, or its event was missed: look again.
            }
        }
    }
}

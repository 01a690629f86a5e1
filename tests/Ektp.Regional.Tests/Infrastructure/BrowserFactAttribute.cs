namespace Ektp.Regional.Tests.Infrastructure;

/// <summary>
/// A test that drives Debian's Chromium through Playwright. Skipped, with the reason, where Chromium is not installed
/// — except in CI (CI=true), where a missing browser must fail the run rather than hide the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true",
                StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Chromium is not installed at {Chromium} (apt-get install chromium); .ci/run installs it.";
        }
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ektp.Central.Tests.Web;

[Trait("Category", "Database")]
public sealed class StatisticsPageTests : IAsyncLifetime
{
    private CentralServer _central = null!;
    private PageClient _pages = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _pages = PageClient.For(_central);
    }

    public async Task DisposeAsync()
    {
        _pages.Dispose();
        await _central.DisposeAsync();
    }

    [Fact]
    public async Task Before_any_packet_the_page_says_so()
    {
        var html = await _pages.HtmlAsync("/");

        Assert.Contains("<h1>Statistik nasional</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Belum ada paket yang diterima.", html, StringComparison.Ordinal);
        Assert.Contains("<td>Validasi <span class=\"code\">Validate</span></td><td class=\"num\">0</td>", html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"chart\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_the_same_figures_as_the_api_in_both_languages()
    {
        using var office = await _central.RegisterOfficeAsync();
        await _central.RecordAsync(office, new Recording("1472010412910001", "SITI RAHAYU"));
        await _central.RecordAsync(office, new Recording("1472010412910002", "SITI RAHAYU")
        {
            Fingers = SampleFingers.PersonAAgain,
        });
        var stats = await _central.Client.GetFromJsonAsync<JsonElement>("/api/stats");

        var html = await _pages.HtmlAsync("/statistik");
        var en = await _pages.HtmlAsync("/?lang=en");

        Assert.Equal(2, stats.GetProperty("packetsReceived").GetInt32());
        Assert.Contains("<div class=\"value\" id=\"received\">2</div>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/kasus\">1</a>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"duplicate-rate\">50 %", html, StringComparison.Ordinal);
        Assert.Contains("Kota Dumai <span class=\"code\">1472</span></td><td class=\"num\">2</td>", html,
            StringComparison.Ordinal);
        Assert.Contains("<span class=\"code\">PRINT_READY_RECORD</span> KTP elektronik siap dicetak.", html,
            StringComparison.Ordinal);
        Assert.Contains("<span class=\"code\">DUPLICATE_RECORD</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"median\">—", html, StringComparison.Ordinal);
        Assert.Contains("<h1>National statistics</h1>", en, StringComparison.Ordinal);
        Assert.Contains("The e-KTP is ready to be printed.", en, StringComparison.Ordinal);
        Assert.Contains("Biometric 1:N search", en, StringComparison.Ordinal);
    }
}

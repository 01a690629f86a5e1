using System.Net;
using System.Text.RegularExpressions;

namespace Ektp.Central.Tests.Web;

/// <summary>
/// A browser without a browser: keeps cookies (language, antiforgery), does not follow redirects, and posts a
/// page's form with the antiforgery token the page carried, as a real form post would.
/// </summary>
internal sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _http;

    private PageClient(CentralServer server)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.Client.BaseAddress,
            DefaultRequestHeaders = { Authorization = server.Client.DefaultRequestHeaders.Authorization },
        };
    }

    public static PageClient For(CentralServer server) => new(server);

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    public async Task<string> HtmlAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}\n{html}");
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return html;
    }

    /// <summary>Loads <paramref name="page"/>, then posts <paramref name="fields"/> to <paramref name="action"/> with its token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action,
        IEnumerable<KeyValuePair<string, string>> fields) => await PostAsync(action, await TokenAsync(page), fields);

    /// <summary>The antiforgery token of the form on <paramref name="page"/>.</summary>
    public async Task<string> TokenAsync(string page)
    {
        var token = TokenPattern().Match(await HtmlAsync(page));
        Assert.True(token.Success, "the page carries no antiforgery token");
        return token.Groups[1].Value;
    }

    public Task<HttpResponseMessage> PostAsync(string action, string token,
        IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync(action, new FormUrlEncodedContent(
            fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token))));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Net;
using System.Text.RegularExpressions;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Changes;

/// <summary>
/// A browser without a browser for the change pages: keeps cookies (language, antiforgery), does not follow
/// redirects, and posts a form with the antiforgery token its page carried.
/// </summary>
internal sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="signedIn">The client whose sign-in the forms use; default: the server's (every regional role).</param>
    public FormClient(RegionalServer server, HttpClient? signedIn = null) =>
        _http = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
        })
        {
            BaseAddress = server.Client.BaseAddress,
            DefaultRequestHeaders = { Authorization = (signedIn ?? server.Client).DefaultRequestHeaders.Authorization },
        };

    public async Task<string> HtmlAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    /// <summary>Loads <paramref name="page"/>, then posts <paramref name="fields"/> to <paramref name="action"/>
    /// with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostAsync(string page, string action,
        params (string Name, string Value)[] fields)
    {
        var token = TokenPattern().Match(await HtmlAsync(page));
        Assert.True(token.Success, "the page carries no antiforgery token");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token.Groups[1].Value));
        return await _http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Audit;

/// <summary>`GET /api/audit`, `GET /api/audit.csv` and the `/audit` page: the filters, the paging, the export
/// (itself written to the log).</summary>
[Trait("Category", "Database")]
public sealed class AuditApiTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private string _nikA = "";
    private string _nikB = "";

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _nikA = (await _server.AddAdultAsync("WARGA SATU")).Nik.Value;
        _nikB = (await _server.AddAsync(TestResidents.Make("WARGA DUA", new DateOnly(1985, 2, 3)))).Nik.Value;

        // Day 1 (2026-11-23): the operator reads A twice; day 2: the printer reads B, the operator reads B.
        using var operatorClient = await ClientAsync("op.satu", EktpRoles.Recording);
        using var printerClient = await ClientAsync("op.dua", EktpRoles.Printing);
        await ReadAsync(operatorClient, _nikA);
        await ReadAsync(operatorClient, _nikA);
        _server.Clock.Advance(TimeSpan.FromDays(1));
        await ReadAsync(printerClient, _nikB);
        await ReadAsync(operatorClient, _nikB);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> ClientAsync(string user, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = new Uri(_server.Url) };
        await _server.SignInAsync(client, roles, user);
        return client;
    }

    private static async Task ReadAsync(HttpClient client, string nik) =>
        (await client.GetAsync($"/api/residents/{nik}")).EnsureSuccessStatusCode();

    private async Task<(List<JsonElement> Items, long? Next)> SearchAsync(string query)
    {
        var page = await _server.Client.GetFromJsonAsync<JsonElement>("/api/audit?" + query);
        var next = page.GetProperty("next");
        return ([.. page.GetProperty("items").EnumerateArray()],
            next.ValueKind == JsonValueKind.Null ? null : next.GetInt64());
    }

    private static IEnumerable<string?> Users(IEnumerable<JsonElement> items) =>
        items.Select(e => e.GetProperty("user").GetString());

    [Fact]
    public async Task The_log_is_searched_by_nik_user_and_date()
    {
        var (byNik, _) = await SearchAsync($"nik={_nikA}&limit=50");
        var (byUser, _) = await SearchAsync("user=op.dua");
        var (dayTwo, _) = await SearchAsync($"nik={_nikB}&from=2026-11-24");
        var (dayOne, _) = await SearchAsync("user=op.satu&to=2026-11-23");
        var (afterNoon, _) = await SearchAsync("user=op.satu&from=2026-11-24T00:00:00%2B07:00&to=2026-11-24T23:59:59Z");

        Assert.Equal(["op.satu", "op.satu"], Users(byNik));
        Assert.All(byNik, e => Assert.Equal(_nikA, e.GetProperty("nik").GetString()));
        Assert.Equal(2, byUser.Count); // the sign-in and the read of B
        Assert.Equal([AuditActions.Login, AuditActions.PersonRead],
            byUser.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["op.dua", "op.satu"], Users(dayTwo));
        Assert.Equal([AuditActions.Login, AuditActions.PersonRead, AuditActions.PersonRead],
            dayOne.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(_nikB, Assert.Single(afterNoon).GetProperty("nik").GetString());
    }

    [Fact]
    public async Task Pages_follow_each_other_by_seq_without_gaps_or_repeats()
    {
        var (all, end) = await SearchAsync("limit=1000");
        Assert.Null(end);

        var seen = new List<long>();
        long? after = 0;
        while (after is { } cursor)
        {
            var (items, next) = await SearchAsync($"limit=3&after={cursor}");
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(e => e.GetProperty("seq").GetInt64()));
            after = next;
        }

        Assert.Equal(all.Select(e => e.GetProperty("seq").GetInt64()), seen);
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].GetProperty("hash").GetString(), all[i].GetProperty("prevHash").GetString());
        }
    }

    [Theory]
    [InlineData("nik=1472")]
    [InlineData("from=kemarin")]
    [InlineData("to=2026-13-01")]
    [InlineData("limit=0")]
    [InlineData("after=-1")]
    public async Task A_malformed_filter_is_a_problem(string query)
    {
        var response = await _server.Client.GetAsync("/api/audit?" + query);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "audit-filter-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync("/api/audit.csv?" + query),
            HttpStatusCode.BadRequest, "audit-filter-invalid");
    }

    [Fact]
    public async Task The_csv_export_has_the_same_filters_and_is_itself_written_to_the_log()
    {
        var response = await _server.Client.GetAsync($"/api/audit.csv?nik={_nikA}&user=op.satu");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("seq,at,user,roles,remote,action,nik,detail,prev_hash,hash", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.Contains($",op.satu,operator-perekaman,127.0.0.1,person.read,{_nikA},",
            l, StringComparison.Ordinal));

        var export = Assert.Single((await SearchAsync("limit=1000")).Items,
            e => e.GetProperty("action").GetString() == AuditActions.Export);
        Assert.Equal("test.semua", export.GetProperty("user").GetString());
        Assert.Equal(_nikA, export.GetProperty("nik").GetString());
        Assert.Equal("csv user=op.satu", export.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_page_shows_the_entries_newest_first_with_the_head_in_both_languages()
    {
        var html = await _server.Client.GetStringAsync($"/audit?nik={_nikB}");
        var english = await _server.Client.GetStringAsync($"/audit?nik={_nikB}&lang=en");
        var (all, _) = await SearchAsync("limit=1000");
        var head = all[^1];

        Assert.Contains("<h1>Jejak audit</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Audit trail</h1>", english, StringComparison.Ordinal);
        Assert.Contains($"{head.GetProperty("seq").GetInt64()}:{head.GetProperty("hash").GetString()}", html,
            StringComparison.Ordinal);
        var first = html.IndexOf("Buka data penduduk", StringComparison.Ordinal);
        Assert.True(first > 0);
        Assert.True(html.IndexOf(">op.satu<", StringComparison.Ordinal) < html.IndexOf(">op.dua<", StringComparison.Ordinal),
            "newest first");
        Assert.DoesNotContain(_nikA, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/audit.csv?nik={_nikB}\"", html, StringComparison.Ordinal);

        var invalid = await _server.Client.GetAsync("/audit?nik=12");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Ektp.Central.Tests.Decisions;

[Trait("Category", "Database")]
public sealed class DecisionFeedTests : IAsyncLifetime
{
    private CentralServer _central = null!;
    private ECDsa _office = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _central.DisposeAsync();
    }

    [Fact]
    public async Task The_feed_returns_each_decision_once_and_in_order_across_pages()
    {
        var sent = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var (id, envelope) = _central.Seal(_office, photoBytes: 1000);
            (await _central.UploadAsync(id, envelope)).EnsureSuccessStatusCode();
            sent.Add(id);
        }

        var (clean, cleanEnvelope) = _central.SealEnrollment(_office, "1472010412910009", SampleFingers.PersonB);
        (await _central.UploadAsync(clean, cleanEnvelope)).EnsureSuccessStatusCode();
        sent.Add(clean);
        await _central.WaitForDecisionsAsync(8);

        var seen = new List<JsonElement>();
        long cursor = 0;
        while (true)
        {
            var page = await _central.OfficeClient(_office).GetFromJsonAsync<JsonElement>(
                $"/api/decisions?region=1472&after={cursor}&limit=3");
            var items = page.GetProperty("decisions").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                Assert.Equal(cursor, page.GetProperty("next").GetInt64());
                break;
            }

            Assert.True(items.Count <= 3);
            seen.AddRange(items);
            cursor = page.GetProperty("next").GetInt64();
        }

        var sequences = seen.Select(d => d.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(sent, seen.Select(d => d.GetProperty("packetId").GetGuid()));
        Assert.Equal("PRINT_READY_RECORD", seen[^1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Another_region_sees_none_of_these_decisions()
    {
        var (id, envelope) = _central.Seal(_office, photoBytes: 1000);
        (await _central.UploadAsync(id, envelope)).EnsureSuccessStatusCode();
        await _central.WaitForDecisionsAsync(1);
        using var pekanbaru = await _central.RegisterOfficeAsync("1471");

        var other = await _central.OfficeClient(pekanbaru).GetFromJsonAsync<JsonElement>("/api/decisions?region=1471");
        var asked = await _central.OfficeClient(pekanbaru).GetAsync("/api/decisions?region=1472");

        Assert.Empty(other.GetProperty("decisions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, asked.StatusCode);
        Assert.Equal("urn:ektp:problem:office-other-region",
            (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Only_a_registered_office_with_a_signed_request_reads_the_feed()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var staff = await _central.Client.GetAsync("/api/decisions?region=1472"); // a user's token is not an office key
        var unknown = await _central.OfficeClient(stranger).GetAsync("/api/decisions?region=1472");

        Assert.Equal(HttpStatusCode.Unauthorized, staff.StatusCode);
        Assert.Equal("urn:ektp:problem:office-auth-invalid",
            (await staff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal("urn:ektp:problem:office-unknown",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/decisions")]
    [InlineData("/api/decisions?region=14")]
    [InlineData("/api/decisions?region=1472&limit=0")]
    [InlineData("/api/decisions?region=1472&limit=501")]
    [InlineData("/api/decisions?region=1472&after=-1")]
    public async Task A_bad_feed_query_is_refused(string url)
    {
        var response = await _central.OfficeClient(_office).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:ektp:problem:feed-query-invalid",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Tests.Infrastructure;
using Ektp.Regional.Tests.Printing;

namespace Ektp.Regional.Tests.Status;

[Trait("Category", "Database")]
public sealed class PublicStatusTests : IAsyncLifetime
{
    private static readonly DateTime Morning = RegionalServer.DefaultNow.UtcDateTime.AddDays(-3);
    private RegionalServer _server = null!;
    private PrintReady _ready = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync(configure: s => s with { PublicStatusPermitLimit = 1000 });
        _ready = new PrintReady(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> AskAsync(string nik, string birthDate) =>
        _server.Client.GetAsync($"/api/public/status?nik={nik}&birthDate={birthDate}");

    private async Task<JsonElement> StatusOfAsync(string nik, string birthDate)
    {
        var response = await AskAsync(nik, birthDate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The problem body without its per-request trace id.</summary>
    private static async Task<string> BodyWithoutTraceAsync(HttpResponseMessage response)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync())!;
        json.Remove("traceId");
        return JsonSerializer.Serialize(json);
    }

    [Fact]
    public async Task A_wrong_birth_date_answers_exactly_like_an_unknown_nik_and_reveals_nothing()
    {
        var resident = await _server.AddAsync(TestResidents.Make("RAHASIA SEKALI", new DateOnly(1991, 4, 12)));
        var unknownNik = TestResidents.Make("TIDAK ADA", new DateOnly(1991, 4, 12)).Nik.Value;

        var wrongDate = await AskAsync(resident.Nik.Value, "1991-04-13");
        var unknown = await AskAsync(unknownNik, "1991-04-12");

        await ProblemAssert.IsProblemAsync(wrongDate, HttpStatusCode.NotFound, "status-not-found");
        Assert.Equal(unknown.StatusCode, wrongDate.StatusCode);
        Assert.Equal(await BodyWithoutTraceAsync(unknown), await BodyWithoutTraceAsync(wrongDate));
        var body = await wrongDate.Content.ReadAsStringAsync();
        Assert.DoesNotContain("RAHASIA", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(resident.Nik.Value, body, StringComparison.Ordinal);

        var right = await StatusOfAsync(resident.Nik.Value, "1991-04-12");
        Assert.Equal("UNREGISTERED", right.GetProperty("stage").GetString());
        Assert.DoesNotContain("RAHASIA", right.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(right.GetRawText(), (await StatusOfAsync(resident.Nik.Value, "12-04-1991")).GetRawText());

        await ProblemAssert.IsProblemAsync(await AskAsync("12345", "1991-04-12"), HttpStatusCode.BadRequest, "nik-malformed");
        await ProblemAssert.IsProblemAsync(await AskAsync(resident.Nik.Value, "kemarin"), HttpStatusCode.BadRequest,
            "birth-date-malformed");
    }

    [Fact]
    public async Task Printing_next_shows_the_queue_position_and_the_expected_date_and_out_of_stock_says_so()
    {
        var first = await _ready.AddAsync("PERTAMA", Morning);
        var second = await _ready.AddAsync("KEDUA", Morning.AddHours(1));
        var birth = first.Resident.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var waiting = await StatusOfAsync(second.Resident.Nik.Value, birth);
        Assert.Equal("PRINT_READY_RECORD", waiting.GetProperty("stage").GetString());
        Assert.Equal(2, waiting.GetProperty("queuePosition").GetInt32());
        Assert.True(waiting.GetProperty("problem").GetBoolean());
        Assert.Equal("Waiting for blank cards", waiting.GetProperty("en").GetProperty("stage").GetString());
        Assert.Equal("Menunggu blangko KTP-el", waiting.GetProperty("id").GetProperty("stage").GetString());

        await _ready.AddBlanksAsync(1, 100);
        await _server.Client.PostAsJsonAsync("/api/printing/next", new { @operator = "op" });
        var next = await StatusOfAsync(second.Resident.Nik.Value, birth);
        Assert.Equal(1, next.GetProperty("queuePosition").GetInt32());
        Assert.False(next.GetProperty("problem").GetBoolean());
        Assert.Equal("2026-12-07", next.GetProperty("expectedPrintDate").GetString()); // 1 card in 14 days
        Assert.Contains("Print queue position 1", next.GetProperty("en").GetProperty("detail").GetString(),
            StringComparison.Ordinal);

        var printed = await StatusOfAsync(first.Resident.Nik.Value, birth);
        Assert.Equal("PRINTED", printed.GetProperty("stage").GetString());
        Assert.Equal("2026-11-23", printed.GetProperty("since").GetString());
    }

    [Fact]
    public async Task A_duplicate_record_tells_the_resident_what_to_do()
    {
        var resident = await _server.AddAsync(TestResidents.Make("GANDA", new DateOnly(1985, 7, 1)),
            RecordStatus.DuplicateRecord);

        var status = await StatusOfAsync(resident.Nik.Value, "1985-07-01");

        Assert.True(status.GetProperty("problem").GetBoolean());
        Assert.Equal("Recorded twice: bring your old KTP to the office for a transfer.",
            status.GetProperty("en").GetProperty("nextStep").GetString());
        Assert.Contains("bawa KTP lama", status.GetProperty("id").GetProperty("nextStep").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_the_same_stage_on_the_resident_page_with_the_full_history()
    {
        var (resident, _) = await _ready.AddAsync("STAF LIHAT", Morning);
        await _ready.AddBlanksAsync(1, 10);
        await _server.Client.PostAsJsonAsync("/api/printing/next", new { @operator = "op.cetak" });

        var page = await _server.Client.GetStringAsync($"/penduduk/{resident.Nik}?lang=en");

        Assert.Contains("id=\"stage\"", page, StringComparison.Ordinal);
        Assert.Contains("The e-KTP has been printed", page, StringComparison.Ordinal);
        Assert.Contains("Printed on blank 1", page, StringComparison.Ordinal);
    }
}

/// <summary>The limiter on its own server, so no other test's look-ups count against it.</summary>
[Trait("Category", "Database")]
public sealed class PublicStatusThrottleTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync(configure: s => s with
    {
        PublicStatusPermitLimit = 5,
        PublicStatusWindow = TimeSpan.FromMinutes(10),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Enumerating_niks_is_throttled_per_client()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var nik = TestResidents.Make($"COBA {i}", new DateOnly(1990, 1, 1)).Nik.Value;
            statuses.Add((await _server.Client.GetAsync($"/api/public/status?nik={nik}&birthDate=1990-01-01")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5), statuses.Take(5));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3), statuses.Skip(5));
        var refused = await _server.Client.GetAsync("/api/public/status?nik=1472010101900001&birthDate=1990-01-01");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(refused.Headers.RetryAfter is not null);

        // The public page shares the limit; the operators' API does not.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _server.Client.GetAsync("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/printing/queue")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Printing;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Printing;

[Trait("Category", "Database")]
public sealed class PrintQueueTests : IAsyncLifetime
{
    private static readonly DateTime Morning = RegionalServer.DefaultNow.UtcDateTime.AddDays(-30);
    private RegionalServer _server = null!;
    private PrintReady _ready = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _ready = new PrintReady(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> QueueAsync() =>
        (await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/queue"))!;

    private static string[] Niks(JsonElement queue) =>
        [.. queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("nik").GetString()!)];

    private async Task<HttpResponseMessage> PrintAsync(string op = "op.cetak", int count = 1, string office = "1472") =>
        await _server.Client.PostAsJsonAsync("/api/printing/next", new { @operator = op, office, count });

    private async Task<RecordStatus> StatusAsync(string nik)
    {
        await using var db = _server.NewDbContext();
        return await db.Residents.Where(r => r.Nik == nik).Select(r => r.Status).SingleAsync();
    }

    [Fact]
    public async Task The_queue_is_first_come_first_served_by_recording_time_with_positions_and_expected_dates()
    {
        var third = await _ready.AddAsync("CITRA", Morning.AddHours(3));
        var first = await _ready.AddAsync("ADI", Morning.AddHours(1));
        var second = await _ready.AddAsync("BAYU", Morning.AddHours(2));
        await _ready.AddBlanksAsync(1, 100);

        var queue = await QueueAsync();

        Assert.Equal([first.Resident.Nik.Value, second.Resident.Nik.Value, third.Resident.Nik.Value], Niks(queue));
        Assert.Equal([1, 2, 3], queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("position").GetInt32()));
        Assert.All(queue.GetProperty("items").EnumerateArray(),
            i => Assert.Equal(JsonValueKind.Null, i.GetProperty("expectedDate").ValueKind)); // no print rate yet

        var printed = await PrintAsync();
        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
        var card = (await printed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(first.Resident.Nik.Value, card.GetProperty("nik").GetString());
        Assert.Equal(1, card.GetProperty("blankSerial").GetInt64());
        Assert.Equal(RecordStatus.Printed, await StatusAsync(first.Resident.Nik.Value));

        // One card in the 14-day window: 1/14 per day, so position 1 is expected in 14 days, position 2 in 28.
        queue = await QueueAsync();
        Assert.Equal([second.Resident.Nik.Value, third.Resident.Nik.Value], Niks(queue));
        var today = DateOnly.FromDateTime(RegionalServer.DefaultNow.UtcDateTime);
        Assert.Equal(today.AddDays(14), DateOnly.Parse(queue.GetProperty("items")[0].GetProperty("expectedDate").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(today.AddDays(28), DateOnly.Parse(queue.GetProperty("items")[1].GetProperty("expectedDate").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Two_operators_printing_at_once_never_print_the_same_record_and_keep_the_order()
    {
        var residents = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            residents.Add((await _ready.AddAsync($"WARGA {i:00}", Morning.AddMinutes(i))).Resident.Nik.Value);
        }

        await _ready.AddBlanksAsync(1000, 1099);
        using var second = new HttpClient { BaseAddress = new Uri(_server.Url) };
        await _server.SignInAsync(second, [Hosting.Security.EktpRoles.Printing], "op.kedua");

        async Task<List<(string Nik, long Serial)>> OperatorAsync(HttpClient client, string name)
        {
            var mine = new List<(string, long)>();
            while (true)
            {
                var response = await client.PostAsJsonAsync("/api/printing/next", new { @operator = name });
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "print-queue-empty");
                    return mine;
                }

                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var card = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
                mine.Add((card.GetProperty("nik").GetString()!, card.GetProperty("blankSerial").GetInt64()));
            }
        }

        var results = await Task.WhenAll(OperatorAsync(_server.Client, "op.satu"), OperatorAsync(second, "op.dua"));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(16, all.Count);
        Assert.Equal(16, all.Select(c => c.Nik).Distinct().Count());
        Assert.Equal(16, all.Select(c => c.Serial).Distinct().Count());
        // The order of the blanks is the order of the queue: nobody jumped ahead.
        Assert.Equal(residents, all.OrderBy(c => c.Serial).Select(c => c.Nik));
        Assert.Equal(Enumerable.Range(1000, 16).Select(i => (long)i), all.Select(c => c.Serial).Order());
        foreach (var mine in results)
        {
            Assert.Equal(mine.Select(c => c.Serial).Order(), mine.Select(c => c.Serial));
        }

        await using var db = _server.NewDbContext();
        Assert.Equal(16, await db.Cards.CountAsync());
        Assert.Equal(16, await db.Residents.CountAsync(r => r.Status == RecordStatus.Printed));
        Assert.Equal(16, await db.StatusEvents.CountAsync(e => e.To == RecordStatus.Printed));
    }

    [Fact]
    public async Task Printing_stops_with_a_clear_message_when_the_blanks_run_out_and_stock_never_goes_negative()
    {
        for (var i = 0; i < 5; i++)
        {
            await _ready.AddAsync($"WARGA {i}", Morning.AddMinutes(i));
        }

        await _ready.AddBlanksAsync(1, 4);
        var spoiled = await _server.Client.PostAsJsonAsync("/api/printing/stock/spoiled",
            new { office = "1472", serial = 2, by = "gudang", reason = "tergores di kotak" });
        Assert.Equal(HttpStatusCode.Created, spoiled.StatusCode);

        var response = await PrintAsync(count: 5);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([1L, 3, 4], body.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("blankSerial").GetInt64()));
        Assert.Equal("blank-stock-out", body.GetProperty("stopped").GetProperty("code").GetString());
        Assert.Equal(0, body.GetProperty("stock").GetProperty("available").GetInt64());
        Assert.True(body.GetProperty("stock").GetProperty("outOfStock").GetBoolean());

        var refused = await PrintAsync();
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "blank-stock-out");
        Assert.Contains("no blank", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/stock/spoiled",
            new { office = "1472", serial = 4, by = "gudang", reason = "rusak" }), HttpStatusCode.Conflict,
            "blank-already-used");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/stock/spoiled",
            new { office = "1472", serial = 5, by = "gudang", reason = "rusak" }), HttpStatusCode.NotFound,
            "blank-unknown");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/stock/deliveries",
            new { office = "1472", firstSerial = 3, lastSerial = 10, receivedBy = "gudang" }), HttpStatusCode.Conflict,
            "serial-range-overlap");

        var stock = (await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/stock"))!.EnumerateArray()
            .Single(s => s.GetProperty("office").GetString() == "1472");
        Assert.Equal(4, stock.GetProperty("received").GetInt64());
        Assert.Equal(3, stock.GetProperty("printed").GetInt64());
        Assert.Equal(1, stock.GetProperty("spoiled").GetInt64());
        Assert.Equal(0, stock.GetProperty("available").GetInt64());

        var queue = await QueueAsync();
        Assert.Equal("waiting-for-blanks", queue.GetProperty("items")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Stock_runs_low_warning_follows_the_print_rate()
    {
        for (var i = 0; i < 3; i++)
        {
            await _ready.AddAsync($"WARGA {i}", Morning.AddMinutes(i));
        }

        await _ready.AddBlanksAsync(1, 10);
        await PrintAsync(count: 3);

        // 3 cards in 14 days: 7 blanks last about 33 days, more than the 14-day warning.
        var stock = (await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/stock"))![0];
        Assert.Equal(7, stock.GetProperty("available").GetInt64());
        Assert.False(stock.GetProperty("low").GetBoolean());

        for (var i = 0; i < 5; i++)
        {
            await _ready.AddAsync($"LAGI {i}", Morning.AddHours(1).AddMinutes(i));
        }

        await PrintAsync(count: 5);
        stock = (await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/stock"))![0];
        Assert.Equal(2, stock.GetProperty("available").GetInt64());
        Assert.True(stock.GetProperty("low").GetBoolean()); // 2 blanks at 8/14 a day: 3.5 days
        Assert.Equal(3.5, stock.GetProperty("daysCovered").GetDouble());
    }

    [Fact]
    public async Task A_forged_or_altered_permit_is_refused_at_the_printer_and_the_record_is_held_in_its_place()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = await _ready.AddAsync("PALSU", Morning.AddMinutes(1), signer: forger);
        var altered = await _ready.AddAsync("DIUBAH", Morning.AddMinutes(2),
            alterPermit: p => p.Replace("\"regionCode\":\"1472\"", "\"regionCode\":\"1471\"", StringComparison.Ordinal));
        var genuine = await _ready.AddAsync("ASLI", Morning.AddMinutes(3));
        await _ready.AddBlanksAsync(1, 10);

        var response = await PrintAsync();

        var card = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(genuine.Resident.Nik.Value, card.GetProperty("nik").GetString());
        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(forged.Resident.Nik.Value));
        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(altered.Resident.Nik.Value));
        var queue = await QueueAsync();
        Assert.Equal([forged.Resident.Nik.Value, altered.Resident.Nik.Value], Niks(queue));
        Assert.All(queue.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("held", i.GetProperty("state").GetString());
            Assert.Contains("signature does not verify", i.GetProperty("exception").GetProperty("reason").GetString(),
                StringComparison.Ordinal);
        });

        await ProblemAssert.IsProblemAsync(await PrintAsync(), HttpStatusCode.Conflict, "print-queue-empty");
        await using var db = _server.NewDbContext();
        Assert.Equal(1, await db.Cards.CountAsync());
        Assert.Equal(1, await db.BlankUses.CountAsync());
    }

    [Fact]
    public async Task A_record_without_a_verified_permit_never_enters_the_queue()
    {
        var unverified = await _ready.AddAsync("BELUM", Morning);
        await using (var db = _server.NewDbContext())
        {
            await db.Permits.ExecuteUpdateAsync(s => s.SetProperty(p => p.Verified, false));
        }

        await _server.AddAsync(TestResidents.Make("TANPA IZIN", new DateOnly(1980, 1, 1)), RecordStatus.PrintReadyRecord);
        await _ready.AddBlanksAsync(1, 10);

        Assert.Equal(0, (await QueueAsync()).GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await PrintAsync(), HttpStatusCode.Conflict, "print-queue-empty");
        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(unverified.Resident.Nik.Value));
    }

    [Fact]
    public async Task A_student_not_yet_17_waits_in_place_until_the_birthday_and_the_card_goes_to_the_school()
    {
        var today = DateOnly.FromDateTime(RegionalServer.DefaultNow.UtcDateTime);
        var student = await _ready.AddAsync("PELAJAR", Morning, birthDate: today.AddYears(-17).AddDays(10),
            where: RecordingLocation.School);
        var adult = await _ready.AddAsync("DEWASA", Morning.AddHours(1));
        await _ready.AddBlanksAsync(1, 10);

        var queue = await QueueAsync();
        Assert.Equal([student.Resident.Nik.Value, adult.Resident.Nik.Value], Niks(queue));
        Assert.Equal("waiting-for-age", queue.GetProperty("items")[0].GetProperty("state").GetString());
        Assert.Equal(today.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            queue.GetProperty("items")[0].GetProperty("waitUntil").GetString());

        var first = (await (await PrintAsync()).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(adult.Resident.Nik.Value, first.GetProperty("nik").GetString());
        await ProblemAssert.IsProblemAsync(await PrintAsync(), HttpStatusCode.Conflict, "print-queue-empty");

        _server.Clock.Advance(TimeSpan.FromDays(10));
        var second = (await (await PrintAsync()).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(student.Resident.Nik.Value, second.GetProperty("nik").GetString());
        Assert.Equal("school", second.GetProperty("suggestedDelivery").GetString());
    }

    [Fact]
    public async Task Court_priority_and_a_reprint_after_a_jam_go_first_and_show_who_and_why()
    {
        var a = await _ready.AddAsync("ANI", Morning.AddMinutes(1));
        var b = await _ready.AddAsync("BUDI", Morning.AddMinutes(2));
        var c = await _ready.AddAsync("CICI", Morning.AddMinutes(3));
        await _ready.AddBlanksAsync(500, 510);

        var priority = await _server.Client.PostAsJsonAsync($"/api/printing/queue/{c.Resident.Nik}/priority",
            new { by = "kepala.dinas", reason = "Penetapan PN Dumai No. 12/Pdt.P/2026" });
        Assert.Equal(HttpStatusCode.OK, priority.StatusCode);
        var queue = await QueueAsync();
        Assert.Equal([c.Resident.Nik.Value, a.Resident.Nik.Value, b.Resident.Nik.Value], Niks(queue));
        var shown = queue.GetProperty("items")[0].GetProperty("exception");
        Assert.Equal("priority", shown.GetProperty("kind").GetString());
        Assert.Equal("kepala.dinas", shown.GetProperty("by").GetString());
        Assert.Contains("Pdt.P", shown.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var jammed = (await (await PrintAsync()).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(c.Resident.Nik.Value, jammed.GetProperty("nik").GetString());
        var spoil = await _server.Client.PostAsJsonAsync($"/api/printing/cards/{jammed.GetProperty("id").GetGuid()}/spoil",
            new { by = "op.cetak", reason = "kartu macet di printer" });
        Assert.Equal(HttpStatusCode.OK, spoil.StatusCode);
        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(c.Resident.Nik.Value));

        queue = await QueueAsync();
        Assert.Equal(c.Resident.Nik.Value, Niks(queue)[0]);
        Assert.Equal("reprint", queue.GetProperty("items")[0].GetProperty("exception").GetProperty("kind").GetString());
        var reprint = (await (await PrintAsync()).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
        Assert.Equal(c.Resident.Nik.Value, reprint.GetProperty("nik").GetString());
        Assert.Equal(501, reprint.GetProperty("blankSerial").GetInt64());
        Assert.Equal([a.Resident.Nik.Value, b.Resident.Nik.Value], Niks(await QueueAsync()));

        await using var db = _server.NewDbContext();
        var use = await db.BlankUses.SingleAsync(u => u.Serial == 500);
        Assert.Equal(BlankUseKind.Spoiled, use.Kind);
        Assert.Equal("kartu macet di printer", use.Reason);
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync(
                $"/api/printing/cards/{jammed.GetProperty("id").GetGuid()}/spoil", new { by = "x", reason = "lagi" }),
            HttpStatusCode.Conflict, "card-not-spoilable");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problem_details_and_nothing_is_stored()
    {
        await _ready.AddAsync("ANI", Morning);

        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/next", new { office = "1472" }),
            HttpStatusCode.BadRequest, "operator-missing");
        await ProblemAssert.IsProblemAsync(await PrintAsync(office: "3171"), HttpStatusCode.BadRequest, "office-unknown");
        await ProblemAssert.IsProblemAsync(await PrintAsync(count: 0), HttpStatusCode.BadRequest, "count-invalid");
        await ProblemAssert.IsProblemAsync(await PrintAsync(), HttpStatusCode.Conflict, "blank-stock-out");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/stock/deliveries",
            new { office = "1472", firstSerial = 10, lastSerial = 1, receivedBy = "g" }), HttpStatusCode.BadRequest,
            "serial-range-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/stock/deliveries",
            new { office = "1472", firstSerial = 1, lastSerial = 10_000_000, receivedBy = "g" }), HttpStatusCode.BadRequest,
            "serial-range-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync(
                "/api/printing/queue/1472011204910001/priority", new { by = "x" }), HttpStatusCode.BadRequest,
            "reason-missing");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync(
                "/api/printing/queue/1472011204910001/priority", new { by = "x", reason = "y" }), HttpStatusCode.Conflict,
            "not-in-print-queue");
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync("/api/printing/cards.pdf?ids=nope"),
            HttpStatusCode.BadRequest, "card-ids-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync($"/api/printing/cards/{Guid.NewGuid()}/front.png"),
            HttpStatusCode.NotFound, "card-unknown");
        using var broken = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.PostAsync("/api/printing/next", broken)).StatusCode);

        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Cards.CountAsync());
        Assert.Equal(0, await db.BlankDeliveries.CountAsync());
        Assert.Equal(0, await db.QueueExceptions.CountAsync());
    }
}

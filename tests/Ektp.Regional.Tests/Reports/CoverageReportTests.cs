using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Regional.Tests.Infrastructure;
using UglyToad.PdfPig;
using static Ektp.Regional.Tests.Reports.CoveragePopulation;

namespace Ektp.Regional.Tests.Reports;

/// <summary>
/// `GET /api/reports/coverage` and its CSV and PDF forms over the hand-made population of
/// <see cref="CoveragePopulation"/>; every expected figure is worked out by hand in its comment.
/// </summary>
[Trait("Category", "Database")]
public sealed class CoverageReportTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        await AddAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // population, wajibKtp, recorded, percent, recordedNotWajib, sentToCentre, printReady, printBacklog, printed,
    // delivered, duplicates, unrecordedTurning22
    private sealed record Figures(int Pop, int Wajib, int Rec, decimal Pct, int NotWajib, int Sent, int Ready,
        int Backlog, int Printed, int Delivered, int Dup, int T22);

    [Fact]
    public async Task Kecamatan_figures_today_count_every_stage_from_the_records()
    {
        var report = await GetAsync($"level=kecamatan&asOf={Today:yyyy-MM-dd}");

        Assert.Equal("kecamatan", report.GetProperty("level").GetString());
        Assert.Equal("2026-11-23", report.GetProperty("asOf").GetString());
        Assert.Equal(7, report.GetProperty("units").GetArrayLength()); // every kecamatan of Kota Dumai, even empty
        // Dumai Barat: A B C D E F G H I L born; wajib A B C F G(married) H L; recorded B C H; E recorded at 16;
        // sent B C H; print-ready B C; printed B C; delivered B; duplicate H; F turns 22 on 1 Dec 2026.
        AssertFigures(Unit(report, DumaiBarat), new Figures(10, 7, 3, 42.86m, 1, 3, 2, 0, 2, 1, 1, 1));
        // Dumai Timur: J recorded and delivered; K unrecorded (RT 0 does not matter at this level).
        AssertFigures(Unit(report, DumaiTimur), new Figures(2, 2, 1, 50.00m, 0, 1, 1, 0, 1, 1, 0, 0));
        AssertFigures(Unit(report, "147203"), new Figures(0, 0, 0, 0m, 0, 0, 0, 0, 0, 0, 0, 0));
        // M lives in Pekanbaru: explained, and still in the total.
        var unplaced = Assert.Single(report.GetProperty("unplaced").EnumerateArray());
        Assert.Equal("outside-area", unplaced.GetProperty("reason").GetString());
        Assert.Contains("Kota Dumai", unplaced.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        AssertFigures(unplaced, new Figures(1, 1, 1, 100m, 0, 1, 1, 0, 1, 1, 0, 0));
        Assert.Equal(Pekanbaru, unplaced.GetProperty("examples")[0].GetProperty("kelurahanCode").GetString());
        var total = report.GetProperty("total");
        Assert.Equal("1472", total.GetProperty("code").GetString());
        AssertFigures(total, new Figures(13, 10, 5, 50.00m, 1, 5, 4, 0, 4, 3, 1, 1));
    }

    [Fact]
    public async Task As_of_midyear_C_is_still_waiting_to_be_printed_and_later_events_do_not_count()
    {
        var report = await GetAsync($"level=kecamatan&asOf={Midyear:yyyy-MM-dd}");

        // I is not born yet; E was recorded in September; C moved PRINT_READY → PRINTED on 1 Aug, after the date.
        AssertFigures(Unit(report, DumaiBarat), new Figures(9, 7, 3, 42.86m, 0, 3, 2, 1, 1, 1, 1, 1));
        AssertFigures(report.GetProperty("total"), new Figures(12, 10, 5, 50.00m, 0, 5, 4, 1, 3, 3, 1, 1));
    }

    [Fact]
    public async Task A_date_before_any_recording_shows_nobody_recorded()
    {
        var report = await GetAsync("level=kabkota&asOf=2025-12-31");

        var city = Assert.Single(report.GetProperty("units").EnumerateArray());
        Assert.Equal("Kota Dumai", city.GetProperty("name").GetString());
        // D and E are 15-16 on that date; F (born Dec 2004) is 21 and turns 22 within the year; I is not born.
        AssertFigures(city, new Figures(12, 10, 0, 0m, 0, 0, 0, 0, 0, 0, 0, 1));
        Assert.Empty(report.GetProperty("unplaced").EnumerateArray());
    }

    [Fact]
    public async Task Kelurahan_of_a_kecamatan_list_every_official_kelurahan_and_explain_an_unknown_code()
    {
        var report = await GetAsync($"level=kelurahan&asOf={Today:yyyy-MM-dd}&parent={DumaiBarat}");

        Assert.Equal(DumaiBarat, report.GetProperty("parent").GetProperty("code").GetString());
        Assert.Equal(4, report.GetProperty("units").GetArrayLength());
        AssertFigures(Unit(report, Purnama), new Figures(9, 6, 3, 50.00m, 1, 3, 2, 0, 2, 1, 1, 1));
        Assert.Equal("Purnama", Unit(report, Purnama).GetProperty("name").GetString());
        AssertFigures(Unit(report, "1472011003"), new Figures(0, 0, 0, 0m, 0, 0, 0, 0, 0, 0, 0, 0));
        var unknown = Assert.Single(report.GetProperty("unplaced").EnumerateArray());
        Assert.Equal("kelurahan-unknown", unknown.GetProperty("reason").GetString());
        Assert.Equal(UnknownKelurahan, unknown.GetProperty("examples")[0].GetProperty("kelurahanCode").GetString());
        AssertFigures(unknown, new Figures(1, 1, 0, 0m, 0, 0, 0, 0, 0, 0, 0, 0));
        AssertFigures(report.GetProperty("total"), new Figures(10, 7, 3, 42.86m, 1, 3, 2, 0, 2, 1, 1, 1));
    }

    [Fact]
    public async Task RTs_of_the_whole_city_place_each_record_or_say_why_not()
    {
        var report = await GetAsync($"level=rt&asOf={Today:yyyy-MM-dd}");

        var codes = report.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        Assert.Equal([$"{Purnama}/002/003", $"{TelukBinjai}/001/001"], codes);
        Assert.Equal("RT 003 / RW 002, Purnama", Unit(report, $"{Purnama}/002/003").GetProperty("name").GetString());
        AssertFigures(Unit(report, $"{TelukBinjai}/001/001"), new Figures(1, 1, 1, 100m, 0, 1, 1, 0, 1, 1, 0, 0));
        var reasons = report.GetProperty("unplaced").EnumerateArray()
            .ToDictionary(g => g.GetProperty("reason").GetString()!, g => g.GetProperty("population").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["kelurahan-unknown"] = 1, ["outside-area"] = 1, ["rt-missing"] = 1 },
            reasons);
        AssertFigures(report.GetProperty("total"), new Figures(13, 10, 5, 50.00m, 1, 5, 4, 0, 4, 3, 1, 1));
    }

    [Fact]
    public async Task RTs_of_one_kelurahan_use_the_kelurahan_as_parent()
    {
        var report = await GetAsync($"level=rt&asOf={Today:yyyy-MM-dd}&parent={Purnama}");

        var rt = Assert.Single(report.GetProperty("units").EnumerateArray());
        Assert.Equal("RT 003 / RW 002", rt.GetProperty("name").GetString());
        AssertFigures(rt, new Figures(9, 6, 3, 50.00m, 1, 3, 2, 0, 2, 1, 1, 1));
        Assert.Empty(report.GetProperty("unplaced").EnumerateArray());
    }

    [Fact]
    public async Task Coverage_never_exceeds_100_percent_when_students_are_recorded_early()
    {
        await using (var db = _server.NewDbContext())
        {
            foreach (var (name, born) in new[] { ("N", new DateOnly(1990, 1, 1)), ("O", new DateOnly(2010, 5, 5)),
                         ("P", new DateOnly(2010, 6, 6)) })
            {
                var record = Ektp.Regional.Registry.ResidentRecord.From(TestResidents.Make(name, born, kelurahan: "1472011008"),
                    Core.Lifecycle.RecordStatus.SentForEnrollment, new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc));
                record.RecordedAt = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
                db.Residents.Add(record);
            }

            await db.SaveChangesAsync();
        }

        var report = await GetAsync($"level=kelurahan&asOf={Today:yyyy-MM-dd}&parent={DumaiBarat}");

        // Bagan Keladi: one adult and two 16-year-olds, all recorded and sent: 1 / 1 wajib, not 3 / 1.
        AssertFigures(Unit(report, "1472011008"), new Figures(3, 1, 1, 100m, 2, 3, 0, 0, 0, 0, 0, 0));
        Assert.All(report.GetProperty("units").EnumerateArray(),
            u => Assert.InRange(u.GetProperty("percent").GetDecimal(), 0m, 100m));
    }

    [Theory]
    [InlineData("level=provinsi", "coverage-level-unknown")]
    [InlineData("asOf=19-12-2013", "coverage-date-malformed")]
    [InlineData("asOf=2026-11-24", "coverage-date-future")]
    [InlineData("level=kelurahan&parent=147101", "coverage-parent-invalid")]
    [InlineData("level=kelurahan&parent=1472019999", "coverage-parent-invalid")]
    [InlineData("level=kecamatan&parent=147201", "coverage-parent-invalid")]
    [InlineData("level=kelurahan&parent=1472011006", "coverage-parent-invalid")]
    public async Task Bad_parameters_are_problems(string query, string code)
    {
        var response = await _server.Client.GetAsync($"/api/reports/coverage?{query}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task The_csv_has_the_json_names_one_row_per_unit_the_total_and_the_unplaced()
    {
        var response = await _server.Client.GetAsync($"/api/reports/coverage.csv?level=kecamatan&asOf={Today:yyyy-MM-dd}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("cakupan-1472-kecamatan-2026-11-23.csv", response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("row,code,name,population,wajibKtp,recorded,percent,recordedNotWajib,sentToCentre,printReady,"
            + "printBacklog,printed,delivered,duplicates,unrecordedTurning22,notes", lines[0]);
        Assert.Equal(1 + 7 + 1 + 1, lines.Length);
        Assert.Equal("unit,147201,Dumai Barat,10,7,3,42.86,1,3,2,0,2,1,1,1,", lines[1]);
        Assert.Equal("total,1472,Kota Dumai,13,10,5,50.00,1,5,4,0,4,3,1,1,", lines[8]);
        Assert.StartsWith("unplaced,outside-area,", lines[9], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trend_counts_recordings_per_week_and_the_backlog_at_each_week_end()
    {
        var trend = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/reports/coverage/trend?asOf={Today:yyyy-MM-dd}&weeks=52");
        var weeks = trend.GetProperty("weeks").EnumerateArray().ToList();

        Assert.Equal(52, weeks.Count);
        Assert.Equal("2026-11-23", weeks[^1].GetProperty("weekEnding").GetString());
        Assert.Equal(6, weeks.Sum(w => w.GetProperty("recordedInWeek").GetInt32())); // B C E H J M, all in 2026
        Assert.Equal(5, weeks[^1].GetProperty("recorded").GetInt32());
        Assert.Equal(50.00m, weeks[^1].GetProperty("percent").GetDecimal());
        var midyear = weeks.Single(w => w.GetProperty("weekEnding").GetString() == "2026-07-06");
        Assert.Equal(1, midyear.GetProperty("printBacklog").GetInt32()); // C: print-ready 20 May, printed 1 Aug
        Assert.Equal(0, weeks[^1].GetProperty("printBacklog").GetInt32());
    }

    [Fact]
    public async Task The_pdf_report_has_a_text_layer_with_the_figures_in_Indonesian()
    {
        var response = await _server.Client.GetAsync($"/api/reports/coverage.pdf?asOf={Today:yyyy-MM-dd}");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join(' ', pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        foreach (var expected in new[]
                 {
                     "LAPORAN", "CAKUPAN", "PEREKAMAN", "Disdukcapil", "Dumai", "23-11-2026", "Barat", "42,86", "50,00",
                     "Jumlah", "outside-area", "Wajib", "147101",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var response = await _server.Client.GetAsync($"/api/reports/coverage?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static JsonElement Unit(JsonElement report, string code) =>
        report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == code);

    private static void AssertFigures(JsonElement row, Figures expected)
    {
        var actual = new Figures(
            row.GetProperty("population").GetInt32(), row.GetProperty("wajibKtp").GetInt32(),
            row.GetProperty("recorded").GetInt32(), row.GetProperty("percent").GetDecimal(),
            row.GetProperty("recordedNotWajib").GetInt32(), row.GetProperty("sentToCentre").GetInt32(),
            row.GetProperty("printReady").GetInt32(), row.GetProperty("printBacklog").GetInt32(),
            row.GetProperty("printed").GetInt32(), row.GetProperty("delivered").GetInt32(),
            row.GetProperty("duplicates").GetInt32(), row.GetProperty("unrecordedTurning22").GetInt32());
        Assert.Equal(expected, actual);
    }
}

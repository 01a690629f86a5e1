using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;
using Ektp.Regional.Tests.Outreach;

namespace Ektp.Regional.Tests.Planning;

[Trait("Category", "Database")]
public sealed class SessionTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> CreateAsync(object body)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/sessions", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json;
    }

    /// <summary>Office time is WIB (UTC+7): 10:00 WIB is 03:00 UTC.</summary>
    private static DateTime Wib(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc)
        .AddHours(-7);

    [Fact]
    public async Task After_a_kelurahan_session_expected_is_compared_with_recorded()
    {
        var day1 = new DateOnly(2026, 11, 25);
        var onListThere = await _server.AddAsync(OutreachArrange.Adult("ADI"));
        var onListEarlyMorning = await _server.AddAsync(OutreachArrange.Adult("BAYU"));
        var onListAtOffice = await _server.AddAsync(OutreachArrange.Adult("CITRA"));
        var onListDayAfter = await _server.AddAsync(OutreachArrange.Adult("DINA"));
        var notRecorded = await _server.AddAsync(OutreachArrange.Adult("EDI"));
        var young = await _server.AddAsync(TestResidents.Make("FANI", new DateOnly(2010, 10, 1)));
        var otherKelurahan = await _server.AddAsync(OutreachArrange.Adult("GITA", TestResidents.OtherKelurahan));
        var session = await CreateAsync(new
        {
            kind = "kecamatan",
            kelurahan = TestResidents.Kelurahan,
            startDate = "2026-11-25",
            endDate = "2026-11-26",
            team = "Andi, Sari, Joko",
            expected = 4,
            createdBy = "op.plan",
        });
        var id = session.GetProperty("id").GetGuid();
        Assert.Equal(5, session.GetProperty("listed").GetInt32());
        Assert.Equal("Kantor Kelurahan Purnama", session.GetProperty("place").GetString(), ignoreCase: true);
        Assert.Equal("planned", session.GetProperty("state").GetString());

        await _server.MarkRecordedAsync(onListThere, Wib(day1, 10), RecordingLocation.Kecamatan);
        await _server.MarkRecordedAsync(onListEarlyMorning, Wib(day1, 6), RecordingLocation.Kecamatan); // 23:00 UTC before
        await _server.MarkRecordedAsync(onListAtOffice, Wib(day1, 11), RecordingLocation.Office);
        await _server.MarkRecordedAsync(onListDayAfter, Wib(day1.AddDays(2), 9), RecordingLocation.Kecamatan);
        await _server.MarkRecordedAsync(young, Wib(day1.AddDays(1), 9), RecordingLocation.Kecamatan); // not invited
        await _server.MarkRecordedAsync(otherKelurahan, Wib(day1, 12), RecordingLocation.Kecamatan);
        _server.Clock.SetUtcNow(new DateTimeOffset(Wib(day1.AddDays(3), 8), TimeSpan.Zero));

        var result = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/result");

        Assert.Equal("done", result.GetProperty("state").GetString());
        Assert.Equal(4, result.GetProperty("expected").GetInt32());
        Assert.Equal(5, result.GetProperty("listed").GetInt32());
        Assert.Equal(3, result.GetProperty("recorded").GetInt32());
        Assert.Equal(2, result.GetProperty("recordedFromList").GetInt32());
        Assert.Equal(1, result.GetProperty("recordedNotOnList").GetInt32());
        Assert.Equal(-1, result.GetProperty("difference").GetInt32());
        Assert.Equal(75m, result.GetProperty("percentOfExpected").GetDecimal());
        Assert.Equal([onListEarlyMorning.Nik.Value, onListThere.Nik.Value, young.Nik.Value],
            result.GetProperty("recordedResidents").EnumerateArray().Select(r => r.GetProperty("nik").GetString()));
        var missing = result.GetProperty("notRecorded").EnumerateArray()
            .ToDictionary(m => m.GetProperty("nik").GetString()!, m => m.GetProperty("recordedElsewhere").GetBoolean());
        Assert.Equal(3, missing.Count);
        Assert.True(missing[onListAtOffice.Nik.Value]);
        Assert.True(missing[onListDayAfter.Nik.Value]);
        Assert.False(missing[notRecorded.Nik.Value]);
    }

    [Fact]
    public async Task A_remote_village_session_shows_its_offline_days_and_what_the_kit_carries_back()
    {
        for (var i = 0; i < 3; i++)
        {
            await _server.AddAsync(OutreachArrange.Adult($"WARGA DESA {i}"));
        }

        var session = await CreateAsync(new
        {
            kind = "village",
            kelurahan = TestResidents.Kelurahan,
            startDate = "2026-12-07",
            endDate = "2026-12-09",
            team = "Tim 2",
            expected = 150,
            fieldKit = "Mobil Desa 1",
            createdBy = "op.plan",
        });

        var offline = session.GetProperty("offline");
        Assert.Equal(3, offline.GetProperty("offlineDays").GetInt32());
        Assert.Equal(150, offline.GetProperty("recordingsToCarry").GetInt32());
        Assert.Equal(50, offline.GetProperty("perDay").GetInt32());
        Assert.Equal(58.6m, offline.GetProperty("estimatedMegabytes").GetDecimal()); // 150 × 400 KB, no packets yet
        Assert.Equal(3, session.GetProperty("listed").GetInt32());
        var pdf = string.Join('\n', OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            session.GetProperty("list").GetString())));
        Assert.Contains("tanpa jaringan 3 hari", pdf, StringComparison.Ordinal);
        var letters = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            session.GetProperty("letters").GetString()));
        Assert.Equal(3, letters.Count);
        Assert.All(letters, page => Assert.Contains("Senin, 7 Desember 2026 s.d. Rabu, 9 Desember 2026", page,
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_session_requests_are_problems_and_store_nothing()
    {
        var bad = new (object Body, string Code)[]
        {
            (new { kind = "office", kelurahan = TestResidents.Kelurahan, startDate = "2026-12-01", team = "A", createdBy = "b" }, "session-invalid"),
            (new { kind = "village", kelurahan = TestResidents.Kelurahan, startDate = "01-12-2026", team = "A", createdBy = "b" }, "date-invalid"),
            (new { kind = "village", kelurahan = TestResidents.Kelurahan, startDate = "2026-12-05", endDate = "2026-12-01", team = "A", createdBy = "b" }, "date-invalid"),
            (new { kind = "village", kelurahan = "1472999999", startDate = "2026-12-01", team = "A", createdBy = "b" }, "kelurahan-unknown"),
            (new { kind = "village", kelurahan = TestResidents.Kelurahan, startDate = "2026-12-01", createdBy = "b" }, "session-invalid"),
            (new { kind = "home", kelurahan = TestResidents.Kelurahan, startDate = "2026-12-01", team = "A", createdBy = "b" }, "home-visits-none"),
            (new { kind = "prison", institutionId = Guid.NewGuid(), startDate = "2026-12-01", team = "A", createdBy = "b" }, "institution-unknown"),
        };

        foreach (var (body, code) in bad)
        {
            var response = await _server.Client.PostAsJsonAsync("/api/sessions", body);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:ektp:problem:" + code, json.GetProperty("type").GetString());
        }

        Assert.Empty((await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray());
    }
}

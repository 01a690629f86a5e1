using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;
using Ektp.Regional.Tests.Outreach;

namespace Ektp.Regional.Tests.Planning;

/// <summary>
/// Where to go next and when each kecamatan reaches 100 %: the figures the database counts, checked on a hand-made
/// population (adults, a 16-year-old who turns 17 before the target, a married 16-year-old, RT findings, a home visit).
/// </summary>
[Trait("Category", "Database")]
public sealed class SuggestionTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Suggestions_and_projection_count_the_unrecorded_wajib_KTP()
    {
        var today = OutreachArrange.Today;
        var died = await _server.AddAsync(OutreachArrange.Adult("AGUS"));
        var coming = await _server.AddAsync(OutreachArrange.Adult("BUDI"));
        var visit = await _server.AddAsync(OutreachArrange.Adult("CANDRA"));
        await _server.AddAsync(OutreachArrange.Adult("DEWI"));
        var recorded = await _server.AddAsync(OutreachArrange.Adult("EKO"));
        await _server.AddAsync(TestResidents.Make("FANI", today.AddYears(-17).AddDays(100)));
        await _server.AddAsync(TestResidents.Make("GALIH", today.AddYears(-16), marital: MaritalStatus.Kawin));
        await _server.AddAsync(TestResidents.Make("HANA", today.AddYears(-10)));
        await _server.AddAsync(OutreachArrange.Adult("INDAH", TestResidents.OtherKelurahan));
        await _server.MarkRecordedAsync(recorded, today.AddDays(-3).ToDateTime(new TimeOnly(3, 0), DateTimeKind.Utc),
            RecordingLocation.Office);
        (await _server.Client.PostAsJsonAsync("/api/outreach/findings", new
        {
            reportedBy = "Ketua RT 003",
            foundOn = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            recordedBy = "op.jangkauan",
            items = new object[]
            {
                new { nik = died.Nik.Value, finding = "died", note = "" },
                new { nik = coming.Nik.Value, finding = "will-come", note = "" },
            },
        })).EnsureSuccessStatusCode();
        (await _server.Client.PostAsJsonAsync("/api/sessions/home-visits",
            new { nik = visit.Nik.Value, reason = "sick", requestedBy = "Lurah", note = "" })).EnsureSuccessStatusCode();

        var suggestions = await _server.Client.GetFromJsonAsync<JsonElement>("/api/sessions/suggestions?kind=kelurahan");
        var purnama = suggestions.EnumerateArray().Single(s => s.GetProperty("id").GetString() == TestResidents.Kelurahan);
        Assert.Equal(5, purnama.GetProperty("unrecorded").GetInt32()); // four adults and the married 16-year-old
        Assert.Equal(1, purnama.GetProperty("deadOrMovedAway").GetInt32());
        Assert.Equal(4, purnama.GetProperty("toRecord").GetInt32());
        Assert.Equal(1, purnama.GetProperty("willCome").GetInt32());
        Assert.Equal(1, purnama.GetProperty("homeVisits").GetInt32());
        var telukBinjai = suggestions.EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == TestResidents.OtherKelurahan);
        Assert.Equal(1, telukBinjai.GetProperty("unrecorded").GetInt32());

        var target = today.AddDays(200).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var projection = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/sessions/projection?weeks=4&target={target}");
        var dumaiBarat = projection.GetProperty("kecamatan").EnumerateArray()
            .Single(k => k.GetProperty("kecamatan").GetString() == TestResidents.Kelurahan[..6]).GetProperty("figures");
        Assert.Equal(6, dumaiBarat.GetProperty("wajibKtp").GetInt32());
        Assert.Equal(1, dumaiBarat.GetProperty("recorded").GetInt32());
        Assert.Equal(1, dumaiBarat.GetProperty("recordedInWindow").GetInt32());
        Assert.Equal(1, dumaiBarat.GetProperty("turningSeventeenByTarget").GetInt32()); // FANI, not HANA
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Outreach;

/// <summary>What the RTs found shows as notes on the coverage report's units, without changing a figure.</summary>
[Trait("Category", "Database")]
public sealed class RtFindingNotesTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rt_findings_are_notes_on_the_coverage_report_and_the_dead_still_count_as_unrecorded()
    {
        var died = await _server.AddAsync(OutreachArrange.Adult("ALMARHUM", rt: 4));
        var moved = await _server.AddAsync(OutreachArrange.Adult("SUDAH PINDAH", rt: 4));
        var sick = await _server.AddAsync(OutreachArrange.Adult("SAKIT", rt: 4));
        var recorded = await _server.AddAsync(OutreachArrange.Adult("SUDAH REKAM", rt: 4));
        var before = await ReportAsync("kelurahan");
        await _server.Client.PostAsJsonAsync("/api/outreach/findings", new
        {
            reportedBy = "Ketua RT 004",
            foundOn = "2026-11-22",
            recordedBy = "op",
            items = new object[]
            {
                new { nik = died.Nik.Value, finding = "died" },
                new { nik = moved.Nik.Value, finding = "moved-away" },
                new { nik = sick.Nik.Value, finding = "sick-at-home" },
            },
        });
        await _server.MarkRecordedAsync(recorded, RegionalServer.DefaultNow.UtcDateTime, RecordingLocation.Office);

        var kelurahan = await ReportAsync("kelurahan");
        var rt = await ReportAsync("rt");

        var unit = Unit(kelurahan, TestResidents.Kelurahan);
        Assert.Equal(Unit(before, TestResidents.Kelurahan).GetProperty("wajibKtp").GetInt32(),
            unit.GetProperty("wajibKtp").GetInt32()); // the figures do not change
        var notes = unit.GetProperty("notes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("code").GetString()!, n => n);
        Assert.Equal(2, notes["rt-dead-or-moved-away"].GetProperty("count").GetInt32());
        Assert.Contains("until the registry (SIAK) is updated", notes["rt-dead-or-moved-away"].GetProperty("text")
            .GetString(), StringComparison.Ordinal);
        Assert.Equal(1, notes["rt-sick-at-home"].GetProperty("count").GetInt32());
        Assert.Contains(Unit(rt, $"{TestResidents.Kelurahan}/002/004").GetProperty("notes").EnumerateArray(),
            n => n.GetProperty("code").GetString() == "rt-dead-or-moved-away");
        Assert.Contains(kelurahan.GetProperty("total").GetProperty("notes").EnumerateArray(),
            n => n.GetProperty("code").GetString() == "rt-sick-at-home");
        var yesterday = await ReportAsync("kelurahan", "2026-11-22");
        Assert.Empty(Unit(yesterday, TestResidents.Kelurahan).GetProperty("notes").EnumerateArray());
    }

    private async Task<JsonElement> ReportAsync(string level, string asOf = "2026-11-23") =>
        await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/reports/coverage?level={level}&asOf={asOf}&parent={(level == "rt" ? TestResidents.Kelurahan : "147201")}");

    private static JsonElement Unit(JsonElement report, string code) =>
        report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == code);
}

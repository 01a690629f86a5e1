using System.Net;
using System.Text.Json;
using Ektp.Central.Decisions;
using Ektp.Central.Intake;
using Ektp.Central.Pipeline;
using Ektp.Core.Lifecycle;

namespace Ektp.Central.Tests.Reports;

/// <summary>
/// `GET /api/reports/coverage` on the centre over hand-made packets and decisions of March–April 2026. Kota Dumai
/// (1472): p1 NIK A print permit 2 Mar; p2 NIK A recorded again, permit 11 Mar; p3 NIK B duplicate 6 Mar, then
/// examined and ruled different people on 1 Apr (permit); a change packet (no pipeline job); a notice about A.
/// Kota Pekanbaru (1471): p4 NIK C enrollment failure 8 Mar. Kota Singkawang (6172): p5 NIK D received 20 Mar,
/// not decided.
/// </summary>
[Trait("Category", "Database")]
public sealed class CentralCoverageTests : IAsyncLifetime
{
    private CentralServer _central = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync(runPipeline: false);
        await using var db = _central.NewDbContext();

        void Packet(string region, string nik, int month, int day, bool enrollment = true,
            params (string Step, RecordStatus Kind, int Month, int Day)[] decisions)
        {
            var id = Guid.CreateVersion7();
            var received = new DateTime(2026, month, day, 10, 0, 0, DateTimeKind.Utc);
            db.Packets.Add(new ReceivedPacket
            {
                PacketId = id,
                EnvelopeSha256 = new string('0', 64),
                PacketSha256 = new string('0', 64),
                RegionCode = region,
                SenderKeyId = "test",
                Nik = nik,
                RecordedAt = received.AddHours(-2),
                ReceivedAt = received,
                Size = 1,
                Content = [0],
            });
            if (enrollment)
            {
                db.PipelineJobs.Add(new PipelineJob
                {
                    PacketId = id,
                    Stage = PipelineStage.Done,
                    CreatedAt = received,
                    UpdatedAt = received,
                });
            }

            foreach (var (step, kind, m, d) in decisions)
            {
                db.Decisions.Add(new DecisionRecord
                {
                    PacketId = id,
                    Step = step,
                    Kind = RecordLifecycle.Code(kind),
                    RegionCode = region,
                    Nik = nik,
                    RecordedAt = received,
                    DecidedAt = new DateTime(2026, m, d, 12, 0, 0, DateTimeKind.Utc),
                });
            }
        }

        Packet("1472", "1472010101900001", 3, 1, decisions: [("pipeline", RecordStatus.PrintReadyRecord, 3, 2)]);
        Packet("1472", "1472010101900001", 3, 10, decisions: [("pipeline", RecordStatus.PrintReadyRecord, 3, 11)]);
        Packet("1472", "1472010202900002", 3, 5, decisions:
        [
            ("pipeline", RecordStatus.DuplicateRecord, 3, 6), ("case", RecordStatus.AdjudicateRecord, 4, 1),
            ("ruling", RecordStatus.PrintReadyRecord, 4, 1),
        ]);
        Packet("1472", "1472010101900001", 3, 21, enrollment: false);
        Packet("1471", "1471010303900003", 3, 7, decisions: [("pipeline", RecordStatus.EnrollFailureAtCentral, 3, 8)]);
        Packet("6172", "6172010404900004", 3, 20);
        await db.SaveChangesAsync();
        db.Decisions.Add(new DecisionRecord
        {
            PacketId = Guid.CreateVersion7(),
            Step = DecisionLog.NoticeStep,
            Kind = RecordLifecycle.NoticeKind,
            RegionCode = "1472",
            Nik = "1472010101900001",
            RecordedAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            DecidedAt = new DateTime(2026, 3, 15, 0, 0, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _central.DisposeAsync();

    // received, uniquePersons, printPermits, duplicates, failures, pending
    private sealed record Figures(int Received, int Persons, int Permits, int Duplicates, int Failures, int Pending);

    [Fact]
    public async Task Provinces_at_the_end_of_March_count_packets_by_their_latest_decision_then()
    {
        var report = await GetAsync("level=provinsi&asOf=2026-03-31");

        Assert.Equal(38, report.GetProperty("units").GetArrayLength());
        // Riau: p1 p2 (one NIK, two permits), p3 still a duplicate on 31 Mar, p4 failed; the change packet is not a
        // recording and the notice decides nothing.
        AssertFigures(Unit(report, "14"), new Figures(4, 1, 2, 1, 1, 0));
        AssertFigures(Unit(report, "61"), new Figures(1, 0, 0, 0, 0, 1));
        AssertFigures(Unit(report, "11"), new Figures(0, 0, 0, 0, 0, 0));
        var total = report.GetProperty("total");
        AssertFigures(total, new Figures(5, 1, 2, 1, 1, 1));
        Assert.True(total.GetProperty("population").GetInt64() > 280_000_000);
        Assert.Equal(7_099_297, Unit(report, "14").GetProperty("population").GetInt64()); // Riau, December 2024
    }

    [Fact]
    public async Task Kab_kota_of_a_province_after_the_ruling_count_the_second_person()
    {
        var report = await GetAsync("level=kabkota&asOf=2026-04-30&parent=14");

        Assert.Equal("Riau", report.GetProperty("parent").GetProperty("name").GetString());
        Assert.Equal(12, report.GetProperty("units").GetArrayLength());
        var dumai = Unit(report, "1472");
        Assert.Equal("Kota Dumai", dumai.GetProperty("name").GetString());
        AssertFigures(dumai, new Figures(3, 2, 3, 0, 0, 0));
        AssertFigures(Unit(report, "1471"), new Figures(1, 0, 0, 0, 1, 0));
        // 2 persons of Kota Dumai's 355,256 residents (December 2024): 0.0006 per 100, two decimals.
        Assert.Equal(0.00m, dumai.GetProperty("percentOfPopulation").GetDecimal());
        AssertFigures(report.GetProperty("total"), new Figures(4, 2, 3, 0, 1, 0));
    }

    [Fact]
    public async Task Before_a_decision_a_received_packet_is_pending()
    {
        var report = await GetAsync("level=kabkota&asOf=2026-03-01");

        var dumai = Assert.Single(report.GetProperty("units").EnumerateArray());
        AssertFigures(dumai, new Figures(1, 0, 0, 0, 0, 1));
    }

    [Theory]
    [InlineData("level=kecamatan", "coverage-level-unknown")]
    [InlineData("asOf=2026-13-01", "coverage-date-malformed")]
    [InlineData("asOf=2999-01-01", "coverage-date-future")]
    [InlineData("level=kabkota&parent=1472", "coverage-parent-invalid")]
    [InlineData("level=provinsi&parent=14", "coverage-parent-invalid")]
    public async Task Bad_parameters_are_problems(string query, string code)
    {
        var response = await _central.Client.GetAsync($"/api/reports/coverage?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:ektp:problem:" + code, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_page_and_the_csv_show_the_same_figures()
    {
        var html = await _central.Client.GetStringAsync("/cakupan?asOf=2026-04-30&parent=14");
        var csv = await _central.Client.GetStringAsync("/api/reports/coverage.csv?level=kabkota&asOf=2026-04-30&parent=14");

        Assert.Contains("<h1>Cakupan perekaman menurut data pusat</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num received\">3</td><td class=\"num persons\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/cakupan\"", html, StringComparison.Ordinal);
        Assert.Contains("\nunit,1472,Kota Dumai,", csv, StringComparison.Ordinal);
        Assert.Contains(",3,2,3,0,0,0,", csv, StringComparison.Ordinal);
        Assert.StartsWith("row,code,name,population,received,uniquePersons,printPermits,duplicates,failures,pending,"
            + "percentOfPopulation\n", csv, StringComparison.Ordinal);
        var english = await _central.Client.GetStringAsync("/cakupan?lang=en");
        Assert.Contains("Recording coverage as the centre sees it", english, StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        var response = await _central.Client.GetAsync($"/api/reports/coverage?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static JsonElement Unit(JsonElement report, string code) =>
        report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == code);

    private static void AssertFigures(JsonElement row, Figures expected) => Assert.Equal(expected, new Figures(
        row.GetProperty("received").GetInt32(), row.GetProperty("uniquePersons").GetInt32(),
        row.GetProperty("printPermits").GetInt32(), row.GetProperty("duplicates").GetInt32(),
        row.GetProperty("failures").GetInt32(), row.GetProperty("pending").GetInt32()));
}

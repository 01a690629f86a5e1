using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Residents;
using Ektp.Regional.Outreach;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Outreach;

[Trait("Category", "Database")]
public sealed class InstitutionTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Guid> CreateSchoolAsync(string name = "SMA NEGERI 2 DUMAI")
    {
        var response = await _server.Client.PostAsJsonAsync("/api/outreach/institutions", new
        {
            kind = "school",
            name,
            kelurahan = TestResidents.Kelurahan,
            address = "Jl. Sultan Hasanuddin",
            contact = "Kepala SMA Negeri 2 Dumai",
            createdBy = "op.sekolah",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> UploadAsync(Guid school, string csv) =>
        await _server.Client.PostAsync($"/api/outreach/institutions/{school}/members?by=op.sekolah",
            new StringContent(csv, Encoding.UTF8, "text/csv"));

    private Task<Resident> StudentAsync(string name, DateOnly birthDate, Sex sex = Sex.Male) =>
        _server.AddAsync(TestResidents.Make(name, birthDate, sex));

    [Fact]
    public async Task A_student_list_is_matched_by_nik_else_by_name_and_birth_date_and_the_rest_is_listed()
    {
        var byNik = await StudentAsync("RIZKY PRATAMA", new DateOnly(2010, 1, 10));
        var byName = await StudentAsync("MUHAMMAD RAFI", new DateOnly(2010, 2, 20));
        var twinA = await StudentAsync("NUR AISYAH", new DateOnly(2010, 5, 5), Sex.Female);
        await StudentAsync("NUR AISYAH", new DateOnly(2010, 5, 5), Sex.Female);
        var school = await CreateSchoolAsync();
        var csv = "NIK;NAMA;TGL_LHR;KELAS\n" +
                  $"{byNik.Nik.Value};Rizky P.;10-01-2010;X IPA 1\n" +
                  ";m.  rafi;20-02-2010;X IPA 2\n" + // not the registry's spelling: no match by name
                  ";Muhammad  Rafi;20-02-2010;X IPA 2\n" +
                  ";Nur Aisyah;05-05-2010;X IPS 1\n" +
                  "1472011506100777;Siti Baru;2010-06-15;X IPS 1\n";

        var response = await UploadAsync(school, csv);

        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, summary.GetProperty("rows").GetInt32());
        Assert.Equal(1, summary.GetProperty("matchedByNik").GetInt32());
        Assert.Equal(1, summary.GetProperty("matchedByNameAndBirthDate").GetInt32());
        var unmatched = summary.GetProperty("unmatched").EnumerateArray().ToList();
        Assert.Equal([3, 5, 6], unmatched.Select(u => u.GetProperty("line").GetInt32()));
        Assert.Contains("2 residents have this name", unmatched[1].GetProperty("reason").GetString(),
            StringComparison.Ordinal);

        var members = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/outreach/institutions/{school}/members");
        var matched = members.EnumerateArray().Where(m => m.GetProperty("nik").ValueKind == JsonValueKind.String)
            .ToDictionary(m => m.GetProperty("nik").GetString()!, m => m.GetProperty("match").GetString());
        Assert.Equal("nik", matched[byNik.Nik.Value]);
        Assert.Equal("name-and-birth-date", matched[byName.Nik.Value]);
        Assert.DoesNotContain(twinA.Nik.Value, matched.Keys);
        var view = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/outreach/institutions/{school}");
        Assert.Equal(3, view.GetProperty("unmatched").GetInt32());
        Assert.Equal(2, view.GetProperty("unrecorded").GetInt32()); // both 16: may be recorded at school
        Assert.Equal("letter-needed", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Malformed_lines_refuse_the_whole_upload_and_keep_the_previous_list()
    {
        var student = await StudentAsync("RIZKY PRATAMA", new DateOnly(2010, 1, 10));
        var school = await CreateSchoolAsync();
        Assert.Equal(HttpStatusCode.OK,
            (await UploadAsync(school, $"NIK,NAMA,TGL_LHR\n{student.Nik.Value},Rizky Pratama,10-01-2010\n")).StatusCode);

        var response = await UploadAsync(school, "NIK,NAMA,TGL_LHR,KELAS\n" +
                                                 ",Ani,31-02-2010,X\n" +
                                                 "12345,Budi,01-01-2010,X\n" +
                                                 ",\"Citra,01-01-2010,X\n" +
                                                 ",Dedi,01-01-2010\n" +
                                                 ",1234,01-01-2010,X\n" +
                                                 ",Eka,01-01-2030,X\n" +
                                                 ",Fajar,01-01-2010,X\n");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity,
            "member-list-invalid");
        Assert.Equal([2, 3, 4, 5, 6, 7], problem.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("row").GetInt32()));
        Assert.Equal(["date-invalid", "nik-malformed", "row-malformed", "row-malformed", "name-invalid", "date-invalid"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        await using var db = _server.NewDbContext();
        var kept = Assert.Single(await db.Set<InstitutionMember>().ToListAsync());
        Assert.Equal(student.Nik.Value, kept.MatchedNik);

        await ProblemAssert.IsProblemAsync(await UploadAsync(school, "NAMA,KELAS\nAni,X\n"), HttpStatusCode.BadRequest,
            "member-list-header");
        await ProblemAssert.IsProblemAsync(await UploadAsync(school, ""), HttpStatusCode.BadRequest,
            "member-list-empty");
        await ProblemAssert.IsProblemAsync(await UploadAsync(Guid.NewGuid(), "NAMA,TGL_LHR\nAni,01-01-2010\n"),
            HttpStatusCode.NotFound, "institution-unknown");
    }

    [Fact]
    public async Task A_school_is_visited_only_after_it_answers_ready_and_its_session_lists_its_students()
    {
        var sixteen = await StudentAsync("RIZKY PRATAMA", new DateOnly(2010, 1, 10));
        var fourteen = await StudentAsync("ADIK KECIL", new DateOnly(2012, 3, 3));
        var recorded = await StudentAsync("SUDAH REKAM", new DateOnly(2009, 4, 4));
        await _server.MarkRecordedAsync(recorded, RegionalServer.DefaultNow.UtcDateTime.AddDays(-40),
            RecordingLocation.School);
        var school = await CreateSchoolAsync();
        await UploadAsync(school, "NIK,NAMA,TGL_LHR,KELAS\n" +
                                  $"{sixteen.Nik.Value},Rizky Pratama,10-01-2010,X\n" +
                                  $"{fourteen.Nik.Value},Adik Kecil,03-03-2012,VIII\n" +
                                  $"{recorded.Nik.Value},Sudah Rekam,04-04-2009,XI\n");
        var letter = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            $"/api/outreach/institutions/{school}/letter.pdf"));
        Assert.Contains("SMA NEGERI 2 DUMAI", Assert.Single(letter), StringComparison.Ordinal);
        Assert.Contains("kesiapan", letter[0], StringComparison.Ordinal);
        var session = new
        {
            kind = "school",
            institutionId = school,
            startDate = "2026-12-01",
            team = "Andi, Sari",
            createdBy = "op.sekolah",
        };

        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/sessions", session),
            HttpStatusCode.Conflict, "school-not-ready");
        await _server.Client.PostAsJsonAsync($"/api/outreach/institutions/{school}/letter", new { by = "op.sekolah" });
        var notReady = await _server.Client.PostAsJsonAsync($"/api/outreach/institutions/{school}/answer",
            new { ready = false, answeredOn = "2026-11-20", by = "op.sekolah", note = "ujian semester" });
        Assert.Equal("not-ready", (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/sessions", session),
            HttpStatusCode.Conflict, "school-not-ready");
        var ready = await _server.Client.PostAsJsonAsync($"/api/outreach/institutions/{school}/answer",
            new { ready = true, students = 40, answeredOn = "2026-11-22", by = "op.sekolah" });
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var created = await _server.Client.PostAsJsonAsync("/api/sessions", session);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(40, view.GetProperty("expected").GetInt32()); // as the school answered
        Assert.Equal("SMA NEGERI 2 DUMAI", view.GetProperty("place").GetString());
        var list = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/sessions/{view.GetProperty("id").GetGuid()}/residents");
        Assert.Equal(sixteen.Nik.Value, Assert.Single(list.EnumerateArray()).GetProperty("nik").GetString());
        var pdf = string.Join('\n', OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            view.GetProperty("list").GetString())));
        Assert.Contains(sixteen.Nik.Value, pdf, StringComparison.Ordinal);
        Assert.DoesNotContain(fourteen.Nik.Value, pdf, StringComparison.Ordinal);
        var institution = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/outreach/institutions/{school}");
        Assert.Equal("scheduled", institution.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Students_turning_17_in_the_coming_months_are_listed_per_school()
    {
        var soon = await StudentAsync("SEGERA TUJUH BELAS", new DateOnly(2010, 1, 10)); // 17 on 10-01-2027
        var later = await StudentAsync("MASIH LAMA", new DateOnly(2010, 9, 1)); // 17 on 01-09-2027
        var already = await StudentAsync("SUDAH TUJUH BELAS", new DateOnly(2009, 5, 1));
        var school = await CreateSchoolAsync();
        await UploadAsync(school, "NIK,NAMA,TGL_LHR,KELAS\n" +
                                  $"{soon.Nik.Value},x,10-01-2010,XI\n{later.Nik.Value},y,01-09-2010,X\n" +
                                  $"{already.Nik.Value},z,01-05-2009,XII\n");

        var six = await _server.Client.GetFromJsonAsync<JsonElement>("/api/outreach/turning-17?months=6");
        var twelve = await _server.Client.GetFromJsonAsync<JsonElement>("/api/outreach/turning-17?months=12");

        var student = Assert.Single(Assert.Single(six.EnumerateArray()).GetProperty("students").EnumerateArray());
        Assert.Equal(soon.Nik.Value, student.GetProperty("nik").GetString());
        Assert.Equal("2027-01-10", student.GetProperty("turns17On").GetString());
        Assert.Equal("XI", student.GetProperty("group").GetString());
        Assert.True(student.GetProperty("canRecordNow").GetBoolean());
        Assert.Equal([soon.Nik.Value, later.Nik.Value], twelve[0].GetProperty("students").EnumerateArray()
            .Select(s => s.GetProperty("nik").GetString()));
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync("/api/outreach/turning-17?months=0"),
            HttpStatusCode.BadRequest, "months-invalid");
    }
}

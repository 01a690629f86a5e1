using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Outreach;

[Trait("Category", "Database")]
public sealed class OutreachListTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Three unrecorded wajib KTP of Purnama (two adults in two RTs, a married 16-year-old) among residents
    /// who must not be listed: a 16-year-old never married, a recorded adult, an adult of another kelurahan.</summary>
    private async Task<(Resident[] Listed, Resident[] NotListed)> ArrangeAsync()
    {
        var ani = await _server.AddAsync(OutreachArrange.Adult("ANI LESTARI", rt: 3));
        var bambang = await _server.AddAsync(OutreachArrange.Adult("BAMBANG WIJAYA", rt: 5));
        var married = await _server.AddAsync(TestResidents.Make("CICI PERMATA", new DateOnly(2010, 3, 1), Sex.Female,
            MaritalStatus.Kawin));
        var young = await _server.AddAsync(TestResidents.Make("DODI SAPUTRA", new DateOnly(2010, 2, 1)));
        var recorded = await _server.AddAsync(OutreachArrange.Adult("EKA PUTRI"));
        await _server.MarkRecordedAsync(recorded, RegionalServer.DefaultNow.UtcDateTime.AddDays(-3),
            RecordingLocation.Office);
        var elsewhere = await _server.AddAsync(OutreachArrange.Adult("FAJAR NUGROHO", TestResidents.OtherKelurahan));
        return ([ani, bambang, married], [young, recorded, elsewhere]);
    }

    [Fact]
    public async Task Letters_and_lists_for_a_kelurahan_contain_exactly_its_unrecorded_wajib_ktp_residents()
    {
        var (listed, notListed) = await ArrangeAsync();
        var baseUrl = $"/api/outreach/kelurahan/{TestResidents.Kelurahan}";

        var json = await _server.Client.GetFromJsonAsync<JsonElement>($"{baseUrl}/unrecorded");
        var csv = Encoding.UTF8.GetString(await _server.Client.GetByteArrayAsync($"{baseUrl}/unrecorded.csv"));
        var listPages = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync($"{baseUrl}/unrecorded.pdf"));
        var letters = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync($"{baseUrl}/letters.pdf"));

        var expected = listed.Select(r => r.Nik.Value).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, json.GetProperty("total").GetInt32());
        Assert.Equal("PURNAMA", json.GetProperty("place").GetProperty("kelurahan").GetString()!.ToUpperInvariant());
        Assert.Equal(expected, json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("nik").GetString())
            .Order(StringComparer.Ordinal));
        Assert.Contains(json.GetProperty("notes").EnumerateArray(),
            n => n.GetString()!.Contains("until the registry (SIAK) is updated", StringComparison.Ordinal));

        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NIK,NO_KK,NAMA_LGKP,", rows[0], StringComparison.Ordinal);
        Assert.Equal(expected, rows.Skip(1).Select(r => r.Split(',')[0]).Order(StringComparer.Ordinal));

        var listText = string.Join('\n', listPages);
        Assert.Equal(2, listPages.Count); // one section per RT: RT 003 and RT 005
        foreach (var r in listed)
        {
            Assert.Contains(r.Nik.Value, listText, StringComparison.Ordinal);
        }

        foreach (var r in notListed)
        {
            Assert.DoesNotContain(r.Nik.Value, listText, StringComparison.Ordinal);
            Assert.DoesNotContain(r.Name, listText, StringComparison.Ordinal);
        }

        Assert.Contains("RT 005/002", listPages[1], StringComparison.Ordinal);
        Assert.Contains("SIAK", listText, StringComparison.Ordinal);

        Assert.Equal(3, letters.Count);
        Assert.Equal(expected, letters.Select(page => listed.Single(r => page.Contains(r.Nik.Value,
            StringComparison.Ordinal)).Nik.Value).Order(StringComparer.Ordinal));
        foreach (var page in letters)
        {
            Assert.Contains("Undangan Perekaman KTP Elektronik", page, StringComparison.Ordinal);
            Assert.Contains("TIDAK DIPUNGUT BIAYA", page, StringComparison.Ordinal);
            Assert.Contains("Senin–Jumat", page, StringComparison.Ordinal);
            Assert.Single(listed, r => page.Contains(r.Name, StringComparison.Ordinal));
            Assert.DoesNotContain(notListed, r => page.Contains(r.Nik.Value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_letters_carry_the_office_details_the_office_set()
    {
        var ani = await _server.AddAsync(OutreachArrange.Adult("ANI LESTARI"));
        var put = await _server.Client.PutAsJsonAsync("/api/outreach/office", new
        {
            address = "Jl. Jenderal Sudirman No. 1, Dumai",
            hours = "Senin–Kamis 08.00–15.00, Jumat 08.00–11.00",
            phone = "(0765) 31234",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var letter = OutreachArrange.PdfPages(await _server.Client.GetByteArrayAsync(
            $"/api/outreach/kelurahan/{TestResidents.Kelurahan}/letters.pdf"));

        var page = Assert.Single(letter);
        Assert.Contains(ani.Nik.Value, page, StringComparison.Ordinal);
        Assert.Contains("Sudirman", page, StringComparison.Ordinal);
        Assert.Contains("Senin–Kamis", page, StringComparison.Ordinal);
        Assert.Contains("31234", page, StringComparison.Ordinal);
        var badZone = await _server.Client.PutAsJsonAsync("/api/outreach/office", new { timeZone = "CET" });
        await ProblemAssert.IsProblemAsync(badZone, HttpStatusCode.BadRequest, "office-invalid");
    }

    [Fact]
    public async Task An_rt_filter_narrows_the_list_and_bad_codes_are_problems()
    {
        var (listed, _) = await ArrangeAsync();

        var rt5 = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/outreach/kelurahan/{TestResidents.Kelurahan}/unrecorded?rw=2&rt=5");

        Assert.Equal(listed[1].Nik.Value, Assert.Single(rt5.GetProperty("items").EnumerateArray())
            .GetProperty("nik").GetString());
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync("/api/outreach/kelurahan/1472019999/unrecorded"),
            HttpStatusCode.NotFound, "kelurahan-unknown");
        await ProblemAssert.IsProblemAsync(await _server.Client.GetAsync("/api/outreach/kelurahan/3171011001/letters.pdf"),
            HttpStatusCode.NotFound, "kelurahan-unknown"); // Jakarta: not this kab/kota
        await ProblemAssert.IsProblemAsync(
            await _server.Client.GetAsync($"/api/outreach/kelurahan/{TestResidents.Kelurahan}/unrecorded.csv?rt=0"),
            HttpStatusCode.BadRequest, "rt-invalid");
    }
}

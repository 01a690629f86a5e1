using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Registry;

[Trait("Category", "Database")]
public sealed class ResidentsApiTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_reports_ok_with_the_database_up()
    {
        var health = await _server.Client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("databaseUp").GetBoolean());
        Assert.Equal("regional", health.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Resident_is_returned_with_biodata_region_names_family_and_status()
    {
        var head = await _server.AddAdultAsync("BUDI SANTOSO");
        var child = await _server.AddAsync(TestResidents.Make("ANISA PUTRI", new DateOnly(2012, 2, 3), Sex.Female,
            kk: head.Kk.Value));

        var json = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/residents/{head.Nik}");

        Assert.Equal(head.Nik.Value, json.GetProperty("nik").GetString());
        Assert.Equal("BUDI SANTOSO", json.GetProperty("name").GetString());
        Assert.Equal("1991-04-12", json.GetProperty("birthDate").GetString());
        Assert.Equal("Purnama", json.GetProperty("kelurahan").GetProperty("name").GetString());
        Assert.Equal("Dumai Barat", json.GetProperty("kecamatan").GetProperty("name").GetString());
        Assert.Equal("UNREGISTERED", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("wajibKtp").GetBoolean());
        var family = json.GetProperty("family").EnumerateArray().ToList();
        Assert.Single(family);
        Assert.Equal(child.Nik.Value, family[0].GetProperty("nik").GetString());
    }

    [Fact]
    public async Task Unknown_nik_is_a_not_found_problem()
    {
        var response = await _server.Client.GetAsync("/api/residents/1472010101900001");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "resident-unknown");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("147201010190000A")]
    public async Task Malformed_nik_is_a_bad_request_problem(string nik)
    {
        var response = await _server.Client.GetAsync($"/api/residents/{nik}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "nik-malformed");
    }

    [Fact]
    public async Task Search_finds_residents_by_part_of_the_name_ignoring_case_and_pages_the_result()
    {
        for (var i = 0; i < 5; i++)
        {
            await _server.AddAsync(TestResidents.Make($"SITI RAHMAWATI {i}", new DateOnly(1980 + i, 1, 1), Sex.Female));
        }

        await _server.AddAdultAsync("JOKO WIDODO");

        var page = await _server.Client.GetFromJsonAsync<JsonElement>("/api/residents?q=rahma&pageSize=2&page=2");

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(["SITI RAHMAWATI 2", "SITI RAHMAWATI 3"], items);
    }

    [Fact]
    public async Task Search_can_be_limited_to_one_kelurahan()
    {
        await _server.AddAsync(TestResidents.Make("AHMAD PURNAMA", new DateOnly(1970, 1, 1)));
        await _server.AddAsync(TestResidents.Make("AHMAD TELUK", new DateOnly(1971, 1, 1),
            kelurahan: TestResidents.OtherKelurahan));

        var page = await _server.Client.GetFromJsonAsync<JsonElement>(
            $"/api/residents?q=ahmad&kelurahan={TestResidents.OtherKelurahan}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("AHMAD TELUK", item.GetProperty("name").GetString());
        Assert.Equal("UNREGISTERED", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Search_with_an_unknown_kelurahan_is_a_bad_request_problem()
    {
        var response = await _server.Client.GetAsync("/api/residents?kelurahan=9999999999");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "kelurahan-unknown");
    }

    [Fact]
    public async Task Status_gives_code_since_and_reason()
    {
        var resident = await _server.AddAdultAsync();

        var status = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/residents/{resident.Nik}/status");

        Assert.Equal(resident.Nik.Value, status.GetProperty("nik").GetString());
        Assert.Equal("UNREGISTERED", status.GetProperty("status").GetString());
        Assert.Equal(RegionalServer.DefaultNow, status.GetProperty("since").GetDateTimeOffset());
        Assert.True(status.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var doc = await _server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/residents/{nik}", out _));
        Assert.True(paths.TryGetProperty("/api/residents/{nik}/status", out _));
        Assert.True(paths.TryGetProperty("/api/enrollments", out _));
        Assert.True(paths.TryGetProperty("/health", out _));
    }
}

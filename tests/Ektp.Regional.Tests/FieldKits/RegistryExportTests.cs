using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.FieldKits;

[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class RegistryExportTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private TestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _kit = new TestKit(_server);
        await _kit.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        _kit.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_registry_comes_in_pages_by_nik_until_next_is_null()
    {
        var added = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            added.Add((await _server.AddAsync(TestResidents.Make($"WARGA {i}", new DateOnly(1990, 1, 1 + i)))).Nik.Value);
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await _kit.Client.GetFromJsonAsync<JsonElement>(
                "api/field/registry?limit=2" + (after is null ? "" : "&after=" + after));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("nik").GetString()!));
            after = page.GetProperty("next").GetString();
            pages++;
        }
        while (after is not null);

        Assert.Equal(added.Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task An_entry_carries_the_biodata_and_the_record_status()
    {
        var resident = await _server.AddAsync(TestResidents.Make("SITI AMINAH", new DateOnly(1985, 6, 7),
            Core.Identity.Sex.Female), RecordStatus.PrintReadyRecord);

        var page = await _kit.Client.GetFromJsonAsync<JsonElement>("api/field/registry");

        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(resident.Nik.Value, entry.GetProperty("nik").GetString());
        Assert.Equal("SITI AMINAH", entry.GetProperty("name").GetString());
        Assert.Equal("Female", entry.GetProperty("sex").GetString());
        Assert.Equal("1985-06-07", entry.GetProperty("birthDate").GetString());
        Assert.Equal("PRINT_READY_RECORD", entry.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("147201")]
    [InlineData("14.72.01.1006")]
    public async Task An_area_limits_the_slice_to_a_kecamatan_or_kelurahan(string area)
    {
        var inside = await _server.AddAsync(TestResidents.Make("DI DUMAI BARAT", new DateOnly(1990, 1, 1)));
        await _server.AddAsync(TestResidents.Make("DI DUMAI TIMUR", new DateOnly(1990, 1, 2),
            kelurahan: TestResidents.OtherKelurahan));

        var page = await _kit.Client.GetFromJsonAsync<JsonElement>("api/field/registry?area=" + area);

        Assert.Equal(inside.Nik.Value,
            Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("nik").GetString());
    }

    [Theory]
    [InlineData("617201")] // a kecamatan of Kota Singkawang
    [InlineData("99")]
    public async Task An_area_outside_the_region_is_refused(string area)
    {
        await ProblemAssert.IsProblemAsync(await _kit.Client.GetAsync("api/field/registry?area=" + area),
            HttpStatusCode.BadRequest, "area-invalid");
    }
}

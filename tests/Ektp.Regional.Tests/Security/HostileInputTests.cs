using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Security;

/// <summary>
/// Hostile input is refused or stored as plain text, never executed: names with HTML and script render as text,
/// SQL metacharacters are only characters, over-long fields are refused with nothing saved, bytes that are not UTF-8
/// in a CSV are refused, and an uploaded file's name (path traversal, markup) is never used as a path.
/// </summary>
[Trait("Category", "Database")]
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string Markup = "<script>alert('x')</script><img src=x onerror=alert(1)> O'BRIEN \"JR\"";
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_name_with_markup_renders_as_text_on_the_pages()
    {
        var resident = await _server.AddAdultAsync(Markup);

        var page = await _server.Client.GetStringAsync($"/penduduk/{resident.Nik.Value}");
        var search = await _server.Client.GetStringAsync("/?q=" + Uri.EscapeDataString("<script>"));

        foreach (var html in new[] { page, search })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        var api = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/residents/{resident.Nik.Value}");
        Assert.Equal(Markup, api.GetProperty("name").GetString()); // stored and served as the text it is
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\"; DROP TABLE residents; --")]
    public async Task Sql_metacharacters_in_a_search_are_only_characters(string query)
    {
        await _server.AddAdultAsync("SITI RAHAYU");
        await _server.AddAdultAsync("BUDI SANTOSO");

        using var response = await _server.Client.GetAsync("/api/residents?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        await using var db = _server.NewDbContext();
        Assert.Equal(2, await db.Residents.CountAsync());
    }

    [Fact]
    public async Task An_over_long_field_is_refused_and_nothing_is_saved()
    {
        var resident = await _server.AddAdultAsync();

        using var response = await _server.Client.PostAsJsonAsync($"/api/residents/{resident.Nik.Value}/changes", new
        {
            field = "address",
            newValue = new string('A', 100_000),
            document = "SK-1",
            requestedBy = "op.dumai",
        });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
            $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.ResidentChanges.CountAsync());
    }

    [Fact]
    public async Task A_csv_that_is_not_utf8_is_refused_and_nothing_is_stored()
    {
        var school = await CreateSchoolAsync();
        // "JOSÉ" saved as Windows-1252: 0xC9 is not valid UTF-8 here.
        var bytes = Encoding.ASCII.GetBytes("nik,nama,tanggal_lahir\n,JOS").Concat(new byte[] { 0xC9 })
            .Concat(Encoding.ASCII.GetBytes(",2009-05-01\n")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        using var response = await _server.Client.PostAsync($"/api/outreach/institutions/{school}/members", content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "member-list-not-utf8");
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var members = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/outreach/institutions/{school}/members");
        Assert.Equal(0, members.GetArrayLength());
    }

    [Fact]
    public async Task A_file_name_with_path_traversal_or_markup_is_never_used_as_a_path()
    {
        var resident = await _server.AddAdultAsync();
        var target = Path.Combine(Path.GetTempPath(), $"ektp-evil-{Guid.NewGuid():N}.png");
        var traversal = "../../../../../../.." + target;
        var form = EnrollmentForm.Complete(resident.Nik.Value)
            .File("photo", TestImages.FacePhoto(), traversal, "image/jpeg")
            .File("signature", [1, 2, 3], "<script>alert(1)</script>.png", "image/png");

        using var response = await _server.Client.PostAsync("/api/enrollments", form.Build());

        Assert.True((int)response.StatusCode < 500, await response.Content.ReadAsStringAsync());
        Assert.False(File.Exists(target));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(); // the damaged signature is refused
        Assert.Equal(JsonValueKind.String, problem.GetProperty("detail").ValueKind);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_in_a_multipart_field_do_not_break_the_server()
    {
        var resident = await _server.AddAdultAsync();
        var form = EnrollmentForm.Complete(resident.Nik.Value).Build();
        var location = new ByteArrayContent([0x6F, 0x66, 0xFF, 0xFE, 0x69, 0x63, 0x65]);
        form.Add(location, "location");

        using var response = await _server.Client.PostAsync("/api/enrollments", form);

        Assert.True((int)response.StatusCode < 500, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> CreateSchoolAsync()
    {
        using var response = await _server.Client.PostAsJsonAsync("/api/outreach/institutions", new
        {
            kind = "school",
            name = "SMA NEGERI 1 DUMAI",
            address = "JL. SUDIRMAN 1",
            kelurahan = "1472011006",
            createdBy = "op.sekolah",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;
using Ektp.Regional.Tests.Printing;

namespace Ektp.Regional.Tests.Audit;

/// <summary>
/// What the regional server writes to its audit log: a read of a resident, a recording, a print, sign-ins that fail
/// and the one that locks an account — each under the signed-in account (never a name from the request), with its
/// roles, its address and the NIK, and the chain intact afterwards.
/// </summary>
[Trait("Category", "Database")]
public sealed class RegionalAuditTests : IAsyncLifetime
{
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> ClientAsync(string user, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = new Uri(_server.Url) };
        await _server.SignInAsync(client, roles, user);
        return client;
    }

    private async Task<List<JsonElement>> EntriesAsync(string query)
    {
        var page = await _server.Client.GetFromJsonAsync<JsonElement>("/api/audit?" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task AssertChainIntactAsync()
    {
        await using var db = _server.NewDbContext();
        var result = await AuditVerify.RunAsync(db, null, CancellationToken.None);
        Assert.True(result.Intact, result.Break?.Reason);
    }

    [Fact]
    public async Task A_read_of_a_resident_is_written_with_the_account_its_roles_address_and_the_nik()
    {
        var resident = await _server.AddAdultAsync("RAHMAT HIDAYAT");
        var nik = resident.Nik.Value;
        using var reader = await ClientAsync("op.baca", EktpRoles.Printing);

        (await reader.GetAsync($"/api/residents/{nik}")).EnsureSuccessStatusCode();
        (await reader.GetAsync($"/penduduk/{nik}")).EnsureSuccessStatusCode();
        (await reader.GetAsync($"/api/residents/{nik}/status")).EnsureSuccessStatusCode();
        (await reader.GetAsync("/api/residents?q=RAHMAT")).EnsureSuccessStatusCode();

        var entries = await EntriesAsync("user=op.baca");
        var reads = entries.Where(e => e.GetProperty("action").GetString() == AuditActions.PersonRead).ToList();
        Assert.Equal(["GET /api/residents/{nik}", "GET /penduduk/{nik}"],
            reads.Select(e => e.GetProperty("detail").GetString()));
        Assert.All(reads, e =>
        {
            Assert.Equal(nik, e.GetProperty("nik").GetString());
            Assert.Equal(EktpRoles.Printing, e.GetProperty("roles").GetString());
            Assert.Equal("127.0.0.1", e.GetProperty("remote").GetString());
        });
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == AuditActions.PersonStatus &&
                                      e.GetProperty("nik").GetString() == nik);
        var search = Assert.Single(entries, e => e.GetProperty("action").GetString() == AuditActions.PersonSearch);
        Assert.Equal(JsonValueKind.Null, search.GetProperty("nik").ValueKind);
        Assert.DoesNotContain(entries, e => e.ToString().Contains("RAHMAT", StringComparison.OrdinalIgnoreCase));
        await AssertChainIntactAsync();
    }

    [Fact]
    public async Task A_recording_is_written_under_the_account_not_the_operator_named_in_the_form()
    {
        var resident = await _server.AddAdultAsync();
        using var recorder = await ClientAsync("op.rekam", EktpRoles.Recording);

        var response = await recorder.PostAsync("/api/enrollments",
            EnrollmentForm.Complete(resident.Nik.Value).Field("operator", "orang.lain").Build());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var packetId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("packetId").GetString();
        var entry = Assert.Single(await EntriesAsync($"nik={resident.Nik.Value}"),
            e => e.GetProperty("action").GetString() == AuditActions.EnrollmentRecord);
        Assert.Equal("op.rekam", entry.GetProperty("user").GetString());
        Assert.Equal($"packet {packetId}, office", entry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_print_is_written_with_its_card_and_a_refused_print_writes_nothing()
    {
        var ready = new PrintReady(_server);
        await ready.AddBlanksAsync(9001, 9010);
        var (resident, _) = await ready.AddAsync("SRI WAHYUNI", _server.Clock.GetUtcNow().UtcDateTime.AddDays(-2));
        using var printer = await ClientAsync("op.cetak", EktpRoles.Printing);

        var printed = await printer.PostAsJsonAsync("/api/printing/next", new { @operator = "bukan.saya" });
        var refused = await printer.PostAsJsonAsync("/api/printing/next", new { @operator = "bukan.saya" });

        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var cardId = (await printed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0]
            .GetProperty("id").GetString();
        var entry = Assert.Single(await EntriesAsync("user=op.cetak"),
            e => e.GetProperty("action").GetString() == AuditActions.CardPrint);
        Assert.Equal(resident.Nik.Value, entry.GetProperty("nik").GetString());
        Assert.StartsWith($"card {cardId}, blank 9001", entry.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        await AssertChainIntactAsync();
    }

    [Fact]
    public async Task Failed_sign_ins_and_the_lockout_are_written_under_the_account_and_a_typed_unknown_name_is_not()
    {
        await using (var accounts = AccountAdmin.Open(_server.NewDbContext, ServerKind.Regional))
        {
            await accounts.AddAsync("op.coba", EktpRoles.Recording, "benar-sekali-1", mustChange: false);
        }

        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.Url) };
        for (var i = 0; i < SecuritySetup.MaxFailedAttempts; i++)
        {
            await anonymous.PostAsJsonAsync("/api/auth/token", new { user = "op.coba", password = "salah-" + i });
        }

        await anonymous.PostAsJsonAsync("/api/auth/token", new { user = "op.coba", password = "benar-sekali-1" });
        await anonymous.PostAsJsonAsync("/api/auth/token", new { user = "Rahasia-Sekali-99", password = "x" });

        var mine = await EntriesAsync("user=op.coba");
        Assert.Equal(
        [
            AuditActions.LoginFailed, AuditActions.LoginFailed, AuditActions.LoginFailed, AuditActions.LoginFailed,
            AuditActions.Lockout, AuditActions.LoginFailed,
        ], mine.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("token, wrong password (1 of 5)", mine[0].GetProperty("detail").GetString());
        Assert.Equal("token, account locked", mine[5].GetProperty("detail").GetString());
        Assert.All(mine, e => Assert.Equal(EktpRoles.Recording, e.GetProperty("roles").GetString()));
        var unknown = Assert.Single(await EntriesAsync("user=%3F"));
        Assert.Equal(AuditActions.LoginFailed, unknown.GetProperty("action").GetString());
        Assert.Equal("token, no such account", unknown.GetProperty("detail").GetString());
        Assert.DoesNotContain(await EntriesAsync("limit=1000"),
            e => e.ToString().Contains("Rahasia", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sign_in_is_written_and_so_is_a_password_change()
    {
        string oneTime;
        await using (var accounts = AccountAdmin.Open(_server.NewDbContext, ServerKind.Regional))
        {
            oneTime = await accounts.AddAsync("spv.baru", EktpRoles.Supervisor);
        }

        using var client = new HttpClient { BaseAddress = new Uri(_server.Url) };
        await client.PostAsJsonAsync("/api/auth/password",
            new { user = "spv.baru", password = oneTime, newPassword = "kata-sandi-baru-7" });
        await ApiSignIn.AuthorizeAsync(client, "spv.baru", "kata-sandi-baru-7");

        var entries = await EntriesAsync("user=spv.baru");
        Assert.Equal([AuditActions.PasswordChange, AuditActions.Login],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("token", entries[1].GetProperty("detail").GetString());
    }
}

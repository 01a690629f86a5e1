using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Security;

namespace Ektp.Central.Tests.Audit;

/// <summary>
/// What the central server writes to its audit log: an adjudicator opening a case (a read of both people), the
/// ruling (one entry per NIK), a failed sign-in; searched and exported by the central admin only.
/// </summary>
[Trait("Category", "Database")]
public sealed class CentralAuditTests : IAsyncLifetime, IDisposable
{
    private const string Nik1 = "1472010412910001";
    private const string Nik2 = "1472014412910002";

    private CentralServer _central = null!;
    private ECDsa _office = null!;
    private HttpClient _adjudicator = null!;
    private HttpClient _admin = null!;
    private long _caseId;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
        await _central.RecordAsync(_office, new Recording(Nik1, "SITI RAHAYU", Sex.Female));
        await _central.RecordAsync(_office, new Recording(Nik2, "SITI RAHAYU PUTRI", Sex.Female)
        {
            Fingers = SampleFingers.PersonAAgain,
        });
        _adjudicator = new HttpClient { BaseAddress = _central.Client.BaseAddress };
        await _central.SignInAsync(_adjudicator, [EktpRoles.Adjudicator], "adj.pusat");
        _admin = new HttpClient { BaseAddress = _central.Client.BaseAddress };
        await _central.SignInAsync(_admin, [EktpRoles.CentralAdmin], "admin.pusat");
        var cases = await _adjudicator.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [];
        _caseId = Assert.Single(cases).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        _office.Dispose();
        await _central.DisposeAsync();
    }

    public void Dispose()
    {
        _adjudicator.Dispose();
        _admin.Dispose();
    }

    private async Task<List<JsonElement>> EntriesAsync(string query)
    {
        var page = await _admin.GetFromJsonAsync<JsonElement>("/api/audit?" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task Opening_a_case_reads_both_people_and_the_ruling_is_written_for_both_niks()
    {
        (await _adjudicator.GetAsync($"/kasus/{_caseId}")).EnsureSuccessStatusCode();
        (await _adjudicator.GetAsync($"/kasus/{_caseId}/gambar/lama/jari-2")).EnsureSuccessStatusCode();
        var ruling = await _adjudicator.PostAsJsonAsync($"/api/cases/{_caseId}/ruling",
            new { ruling = "same-person", by = "nama.lain", reason = "the same fingers" });
        Assert.Equal(HttpStatusCode.OK, ruling.StatusCode);

        var mine = await EntriesAsync("user=adj.pusat");
        Assert.Equal(
        [
            (AuditActions.Login, null, "token"),
            (AuditActions.CaseList, null, "state open, 1 cases"),
            (AuditActions.PersonRead, Nik2, $"case {_caseId}, baru"),
            (AuditActions.PersonRead, Nik1, $"case {_caseId}, lama"),
            (AuditActions.PersonRead, Nik1, $"case {_caseId}, lama jari-2"),
            (AuditActions.RulingRecord, Nik2, $"case {_caseId}: same-person, later packet"),
            (AuditActions.RulingRecord, Nik1, $"case {_caseId}: same-person, earlier packet"),
        ], mine.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("nik").GetString(),
            e.GetProperty("detail").GetString())));
        Assert.All(mine, e => Assert.Equal(EktpRoles.Adjudicator, e.GetProperty("roles").GetString()));
        Assert.Equal(3, (await EntriesAsync($"nik={Nik1}")).Count);
        Assert.DoesNotContain(await EntriesAsync("limit=1000"), e => e.ToString().Contains("nama.lain",
            StringComparison.Ordinal) || e.ToString().Contains("RAHAYU", StringComparison.Ordinal));

        await using var db = _central.NewDbContext();
        Assert.True((await AuditVerify.RunAsync(db, null, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_failed_sign_in_is_written_and_only_the_central_admin_reads_the_log()
    {
        using var anonymous = new HttpClient { BaseAddress = _central.Client.BaseAddress };
        await anonymous.PostAsJsonAsync("/api/auth/token", new { user = "adj.pusat", password = "bukan-ini-1" });

        var failed = Assert.Single(await EntriesAsync($"user=adj.pusat"),
            e => e.GetProperty("action").GetString() == AuditActions.LoginFailed);
        Assert.Equal("token, wrong password (1 of 5)", failed.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _adjudicator.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/audit")).StatusCode);
        var csv = await _admin.GetStringAsync("/api/audit.csv?user=adj.pusat");
        Assert.Contains("auth.login-failed", csv, StringComparison.Ordinal);
        Assert.Contains(await EntriesAsync("user=admin.pusat"),
            e => e.GetProperty("action").GetString() == AuditActions.Export);
    }
}

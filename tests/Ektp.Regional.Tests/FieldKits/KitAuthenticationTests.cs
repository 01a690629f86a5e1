using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Hosting.Security;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.FieldKits;

[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class KitAuthenticationTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private TestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _kit = new TestKit(_server);
    }

    public async Task DisposeAsync()
    {
        _kit.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_server.Url) };
        var response = await anonymous.GetAsync("/api/field/registry");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "kit-auth-missing");
    }

    [Fact]
    public async Task A_malformed_signature_header_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/field/registry");
        request.Headers.TryAddWithoutValidation("Authorization", "EKTP-KIT keyId=abc,time=1,sig=!!");

        await ProblemAssert.IsProblemAsync(await _server.Client.SendAsync(request), HttpStatusCode.Unauthorized,
            "kit-auth-invalid");
    }

    [Fact]
    public async Task An_unknown_kit_is_refused_and_told_how_to_register()
    {
        var problem = await ProblemAssert.IsProblemAsync(await _kit.Client.GetAsync("api/field/registry"),
            HttpStatusCode.Forbidden, "kit-unknown");

        Assert.Contains(_kit.KeyId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("ektp regional add-office", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_kit_is_let_in_and_its_last_contact_is_kept()
    {
        await _kit.RegisterAsync();

        var page = await _kit.Client.GetFromJsonAsync<JsonElement>("api/field/registry");

        Assert.Equal("Mobil Sekolah 1", page.GetProperty("kit").GetString());
        await using var db = _server.NewDbContext();
        Assert.Equal(_server.Clock.GetUtcNow().UtcDateTime, db.FieldKits().Single().LastSeenAt);
    }

    [Fact]
    public async Task A_revoked_kit_is_refused_with_the_reason()
    {
        await _kit.RegisterAsync();
        await using (var db = _server.NewDbContext())
        {
            Assert.IsType<FieldKitOutcome.Done>(await FieldKitRegistry.RevokeAsync(db, _kit.KeyId, "kasi.pelayanan",
                "laptop lost in the flood", DateTime.UtcNow, CancellationToken.None));
        }

        var problem = await ProblemAssert.IsProblemAsync(await _kit.Client.GetAsync("api/field/registry"),
            HttpStatusCode.Forbidden, "kit-revoked");

        Assert.Contains("laptop lost in the flood", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_over_another_request_does_not_verify()
    {
        await _kit.RegisterAsync();
        using var signed = new HttpRequestMessage(HttpMethod.Get, "api/field/registry?limit=1");
        var header = SignatureScheme.Kit.Header(_kit.Keys.Office, "GET", "/api/field/registry?limit=1",
            _server.Clock.GetUtcNow().ToUnixTimeSeconds(), []);
        using var replayed = new HttpRequestMessage(HttpMethod.Get, "/api/field/registry?limit=5000");
        replayed.Headers.TryAddWithoutValidation("Authorization", header);

        await ProblemAssert.IsProblemAsync(await _server.Client.SendAsync(replayed), HttpStatusCode.Unauthorized,
            "kit-signature-invalid");
    }

    [Fact]
    public async Task A_kit_whose_clock_is_wrong_is_told_so()
    {
        await _kit.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/field/registry");
        request.Headers.TryAddWithoutValidation("Authorization", SignatureScheme.Kit.Header(_kit.Keys.Office, "GET",
            "/api/field/registry", _server.Clock.GetUtcNow().AddHours(-7).ToUnixTimeSeconds(), []));

        var problem = await ProblemAssert.IsProblemAsync(await _server.Client.SendAsync(request),
            HttpStatusCode.Unauthorized, "kit-clock-skew");

        Assert.Contains("set the clock right", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_regional_servers_public_keys_and_region_are_open()
    {
        var keys = await _server.Client.GetFromJsonAsync<JsonElement>("/api/keys");

        Assert.Equal("1472", keys.GetProperty("regionCode").GetString());
        Assert.Equal("Disdukcapil Kota Dumai", keys.GetProperty("office").GetString());
        Assert.Equal(91, Convert.FromBase64String(keys.GetProperty("encryptionKey").GetString()!).Length);
        Assert.True(File.Exists(Path.Combine(_server.Database.DataDir, "keys", "office-encryption.pem")));
    }
}

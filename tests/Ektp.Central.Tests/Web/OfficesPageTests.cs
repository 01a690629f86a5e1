using System.Net;
using System.Security.Cryptography;
using Ektp.Core.Packets;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Tests.Web;

[Trait("Category", "Database")]
public sealed class OfficesPageTests : IAsyncLifetime
{
    private CentralServer _central = null!;
    private PageClient _pages = null!;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _pages = PageClient.For(_central);
    }

    public async Task DisposeAsync()
    {
        _pages.Dispose();
        await _central.DisposeAsync();
    }

    private Task<HttpResponseMessage> RegisterAsync(string region, string pem, string by = "admin.pusat",
        string lang = "id") =>
        _pages.PostFormAsync($"/kantor?lang={lang}", $"/kantor?handler=register&lang={lang}",
            [new("region", region), new("pem", pem), new("by", by)]);

    [Fact]
    public async Task An_office_registered_by_pasting_its_key_can_send_until_it_is_revoked()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = PacketEnvelope.KeyId(key);
        Assert.Contains("Belum ada kantor terdaftar.", await _pages.HtmlAsync("/kantor"), StringComparison.Ordinal);

        using var registered = await RegisterAsync("6172", key.ExportSubjectPublicKeyInfoPem());

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var list = await _pages.HtmlAsync("/kantor");
        Assert.Contains("Kantor terdaftar: Disdukcapil Kota Singkawang", list, StringComparison.Ordinal);
        Assert.Contains($"id=\"office-{keyId}\"", list, StringComparison.Ordinal);
        Assert.Contains("Kota Singkawang (6172)", list, StringComparison.Ordinal);
        Assert.Contains("— admin.pusat", list, StringComparison.Ordinal);
        Assert.Contains("Aktif", list, StringComparison.Ordinal);
        var (id, envelope) = _central.SealEnrollment(key, "6172010412910001", SampleFingers.PersonA, "6172");
        Assert.True((await _central.UploadAsync(id, envelope, key)).IsSuccessStatusCode);

        using var again = await RegisterAsync("6172", key.ExportSubjectPublicKeyInfoPem());
        Assert.Contains("Kunci ini sudah terdaftar", await _pages.HtmlAsync("/kantor"), StringComparison.Ordinal);

        using var revoked = await _pages.PostFormAsync("/kantor", "/kantor?handler=revoke",
            [new("keyId", keyId), new("by", "admin.pusat"), new("reason", "laptop kantor hilang")]);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = await _pages.HtmlAsync("/kantor?lang=en");
        Assert.Contains("Revoked", after, StringComparison.Ordinal);
        Assert.Contains("admin.pusat: laptop kantor hilang", after, StringComparison.Ordinal);
        await using (var db = _central.NewDbContext())
        {
            var office = await db.Offices.SingleAsync();
            Assert.NotNull(office.RevokedAt);
            Assert.Equal("admin.pusat", office.RevokedBy);
            Assert.Equal("admin.pusat", office.RegisteredBy);
        }

        var (next, sealedNext) = _central.SealEnrollment(key, "6172010412910002", SampleFingers.PersonB, "6172");
        var refused = await _central.UploadAsync(next, sealedNext, key);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("office-revoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_key_or_region_is_explained_in_the_chosen_language_and_nothing_is_stored()
    {
        using var small = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var notPem = await RegisterAsync("1472", "hello");
        using var notPemEn = await RegisterAsync("1472", "hello", lang: "en");
        using var p384 = await RegisterAsync("1472", small.ExportSubjectPublicKeyInfoPem());
        using var province = await RegisterAsync("14", key.ExportSubjectPublicKeyInfoPem());

        Assert.Equal(HttpStatusCode.BadRequest, notPem.StatusCode);
        Assert.Contains("bukan kunci publik EC dalam bentuk PEM", await notPem.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Contains("not an EC public key in PEM form", await notPemEn.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Contains("ECDSA P-256", await p384.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var provinceHtml = await province.Content.ReadAsStringAsync();
        Assert.Contains("bukan kabupaten/kota", provinceHtml, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", provinceHtml, StringComparison.Ordinal);
        await using var db = _central.NewDbContext();
        Assert.Equal(0, await db.Offices.CountAsync());
    }

    [Fact]
    public async Task Revoking_needs_who_and_why_and_a_known_key()
    {
        using var key = await _central.RegisterOfficeAsync();
        var keyId = PacketEnvelope.KeyId(key);

        using var noReason = await _pages.PostFormAsync("/kantor", "/kantor?handler=revoke",
            [new("keyId", keyId), new("by", "admin"), new("reason", "")]);
        using var unknown = await _pages.PostFormAsync("/kantor", "/kantor?handler=revoke",
            [new("keyId", "nope"), new("by", "admin"), new("reason", "x")]);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Isi alasan pencabutan", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Kunci ini tidak terdaftar.", await unknown.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        await using var db = _central.NewDbContext();
        Assert.Null((await db.Offices.SingleAsync()).RevokedAt);
    }
}

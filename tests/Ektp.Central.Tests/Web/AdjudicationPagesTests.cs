using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ektp.Biometrics;
using Ektp.Central.Adjudication;
using Ektp.Central.Web;
using Ektp.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Tests.Web;

/// <summary>
/// The adjudication pages over real HTTP: a later recording (NIK 2) whose fingers match an earlier one (NIK 1).
/// The later packet's right index was scanned at 1000 dpi, its right middle image is damaged and it has no
/// signature, so the page must scale, and show gaps, without failing.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class AdjudicationPagesTests : IAsyncLifetime
{
    private const string Nik1 = "1472010412910001";
    private const string Nik2 = "1472014412910002";

    private CentralServer _central = null!;
    private ECDsa _office = null!;
    private PageClient _pages = null!;
    private long _caseId;

    public async Task InitializeAsync()
    {
        _central = await CentralServer.StartAsync();
        _office = await _central.RegisterOfficeAsync();
        _pages = PageClient.For(_central);
        await _central.RecordAsync(_office, new Recording(Nik1, "SITI RAHAYU", Sex.Female));
        await _central.RecordAsync(_office, new Recording(Nik2, "SITI RAHAYU PUTRI", Sex.Female)
        {
            Fingers = SampleFingers.PersonAAgain,
            Signature = null,
            Dpi = new Dictionary<int, int> { [2] = 1000 },
            FingerImages = new Dictionary<int, byte[]> { [3] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8] },
        });
        var cases = await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [];
        _caseId = Assert.Single(cases).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        _pages.Dispose();
        _office.Dispose();
        await _central.DisposeAsync();
    }

    [Fact]
    public async Task The_case_list_shows_the_open_case_in_indonesian_and_in_english()
    {
        var id = await _pages.HtmlAsync("/kasus");
        var en = await _pages.HtmlAsync("/kasus?lang=en");
        var ruled = await _pages.HtmlAsync("/kasus?state=ruled&lang=id");

        Assert.Contains("Kasus data ganda", id, StringComparison.Ordinal);
        Assert.Contains($"href=\"/kasus/{_caseId}\"", id, StringComparison.Ordinal);
        Assert.Contains(Nik1, id, StringComparison.Ordinal);
        Assert.Contains(Nik2, id, StringComparison.Ordinal);
        Assert.Contains("Sidik jari cocok dengan NIK lain", id, StringComparison.Ordinal);
        Assert.Contains("Kota Dumai (1472)", id, StringComparison.Ordinal);
        Assert.Contains("Duplicate cases", en, StringComparison.Ordinal);
        Assert.Contains("Fingers match another NIK", en, StringComparison.Ordinal);
        Assert.Contains("Not ruled yet", en, StringComparison.Ordinal);
        Assert.Contains("Tidak ada kasus.", ruled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_shows_both_people_and_every_finger_side_by_side_with_the_paired_minutiae()
    {
        var html = await _pages.HtmlAsync($"/kasus/{_caseId}");

        Assert.Contains("SITI RAHAYU PUTRI", html, StringComparison.Ordinal);
        Assert.Contains("PEREMPUAN", html, StringComparison.Ordinal);
        Assert.Contains("DUMAI, 04-12-1991", html, StringComparison.Ordinal);
        Assert.Contains("JL. SULTAN SYARIF KASIM NO. 12", html, StringComparison.Ordinal);
        Assert.Contains("Purnama", html, StringComparison.Ordinal);
        Assert.Contains("Kantor Disdukcapil", html, StringComparison.Ordinal);
        Assert.Contains($"/kasus/{_caseId}/gambar/baru/foto", html, StringComparison.Ordinal);
        Assert.Contains($"/kasus/{_caseId}/gambar/lama/foto", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, $"class=\"code nik\">({Nik1}|{Nik2})<"));

        // Three fingers, each drawn with its pairs; the damaged image is a gap, not an <image>.
        var svgs = SvgPattern().Matches(html);
        Assert.Equal(3, svgs.Count);
        Assert.All(svgs, svg => Assert.True(int.Parse(svg.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 3,
            $"finger {svg.Groups[1].Value} has few pairs"));
        Assert.Contains("class=\"m m-end m-paired\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"pair-line\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"m-label\"", html, StringComparison.Ordinal);
        Assert.Contains("gambar rusak", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/kasus/{_caseId}/gambar/baru/jari-3", html, StringComparison.Ordinal);
        Assert.Contains($"/kasus/{_caseId}/gambar/lama/jari-3", html, StringComparison.Ordinal);
        Assert.Contains("Ibu jari kanan", html, StringComparison.Ordinal);
        Assert.Contains("id=\"candidates\"", html, StringComparison.Ordinal);
        Assert.Contains("Sama orang — NIK " + Nik1 + " dipertahankan", html, StringComparison.Ordinal);

        var en = await _pages.HtmlAsync($"/kasus/{_caseId}?lang=en");
        Assert.Contains("Right thumb", en, StringComparison.Ordinal);
        Assert.Contains("Female", en, StringComparison.Ordinal);
        Assert.Contains("Same person — NIK " + Nik1 + " is kept", en, StringComparison.Ordinal);
        Assert.Contains("image damaged", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_finger_scores_add_up_and_a_1000_dpi_image_is_drawn_at_twice_the_template_coordinates()
    {
        await using var scope = _central.App.Services.CreateAsyncScope();
        var dossier = await scope.ServiceProvider.GetRequiredService<CaseDossiers>().LoadAsync(_caseId, default);

        Assert.NotNull(dossier);
        Assert.Equal(3, dossier.Fingers.Count);
        Assert.All(dossier.Fingers, f => Assert.True(f.Score > 0));
        Assert.Equal(dossier.Fingers.Sum(f => f.Score!.Value), dossier.FingerScoreSum, 6);
        var enlarged = dossier.Fingers.Single(f => f.Position == 2);
        var (sx, sy) = FingerOverlay.Scale(enlarged.Later!);
        Assert.Equal(2.0, sx, 2);
        Assert.Equal(2.0, sy, 2);
        Assert.Equal((1.0, 1.0), FingerOverlay.Scale(enlarged.Earlier!));
        var minutia = enlarged.Later!.Template!.Minutiae[0];
        var (x, y) = FingerOverlay.InImage(minutia, enlarged.Later);
        Assert.Equal(minutia.X * 2.0, x, 0);
        Assert.Equal(minutia.Y * 2.0, y, 0);
        Assert.Null(dossier.Fingers.Single(f => f.Position == 3).Later!.Image!.Info);
        Assert.Null(dossier.Later.Signature);
    }

    [Fact]
    public void A_minutia_is_placed_on_the_image_by_the_ratio_of_image_to_template_size()
    {
        var template = FingerprintTemplate.FromMinutiae([new Minutia(100, 50, 0, MinutiaType.Ending, 90)], 300, 400, 80);
        var side = new FingerSide(1, new ImagePart("fingers/01.png", new ImageInfo(600, 800, "image/png")), template);

        Assert.Equal((200.0, 100.0), FingerOverlay.InImage(template.Minutiae[0], side));
        Assert.Equal((100.0, 50.0), FingerOverlay.InImage(template.Minutiae[0], side with { Image = null }));
    }

    [Fact]
    public async Task Images_are_served_with_their_real_type_and_gaps_as_placeholders()
    {
        using var photo = await _pages.GetAsync($"/kasus/{_caseId}/gambar/lama/foto");
        using var finger = await _pages.GetAsync($"/kasus/{_caseId}/gambar/baru/jari-2");
        using var damaged = await _pages.GetAsync($"/kasus/{_caseId}/gambar/baru/jari-3");
        using var missing = await _pages.GetAsync($"/kasus/{_caseId}/gambar/baru/tanda-tangan?lang=en");
        using var absentFinger = await _pages.GetAsync($"/kasus/{_caseId}/gambar/lama/jari-9");
        using var badPart = await _pages.GetAsync($"/kasus/{_caseId}/gambar/lama/jari-11");
        using var badCase = await _pages.GetAsync("/kasus/9999/gambar/lama/foto");

        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", photo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SampleFingers.Enlarged(SampleFingers.PersonAAgain[1], 2), await finger.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", finger.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, damaged.StatusCode);
        Assert.Equal("image/svg+xml", damaged.Content.Headers.ContentType?.MediaType);
        Assert.Equal("damaged", damaged.Headers.GetValues("X-Ektp-Placeholder").Single());
        Assert.Contains("gambar rusak", await damaged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("missing", missing.Headers.GetValues("X-Ektp-Placeholder").Single());
        Assert.Contains("no image", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("missing", absentFinger.Headers.GetValues("X-Ektp-Placeholder").Single());
        Assert.Equal(HttpStatusCode.NotFound, badPart.StatusCode);
        Assert.Equal("application/problem+json", badPart.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, badCase.StatusCode);
    }

    [Fact]
    public async Task A_stored_packet_that_cannot_be_read_leaves_gaps_on_the_page_not_an_error()
    {
        var earlier = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [])
            .GetProperty("matchedPacketId").GetGuid();
        await using (var db = _central.NewDbContext())
        {
            var packet = await db.Packets.SingleAsync(p => p.PacketId == earlier);
            packet.Content = [1, 2, 3];
            await db.SaveChangesAsync();
        }

        var html = await _pages.HtmlAsync($"/kasus/{_caseId}");
        using var photo = await _pages.GetAsync($"/kasus/{_caseId}/gambar/lama/foto");

        Assert.Contains("Paket tidak dapat dibaca (rusak).", html, StringComparison.Ordinal);
        Assert.Contains(Nik1, html, StringComparison.Ordinal);
        Assert.Contains("SITI RAHAYU PUTRI", html, StringComparison.Ordinal);
        Assert.Equal(3, SvgPattern().Count(html));
        Assert.Contains("gambar tidak ada", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("damaged", photo.Headers.GetValues("X-Ektp-Placeholder").Single());
    }

    [Fact]
    public async Task An_unknown_case_is_a_friendly_404_page()
    {
        var html = await _pages.HtmlAsync("/kasus/9999", HttpStatusCode.NotFound);

        Assert.Contains("Kasus ini tidak ditemukan.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incomplete_ruling_shows_every_problem_in_the_chosen_language_and_stores_nothing()
    {
        using var id = await _pages.PostFormAsync($"/kasus/{_caseId}", $"/kasus/{_caseId}",
            [new("by", " "), new("reason", "")]);
        using var en = await _pages.PostFormAsync($"/kasus/{_caseId}?lang=en", $"/kasus/{_caseId}?lang=en",
            [new("ruling", "maybe"), new("by", "adjudikator.pusat"), new("reason", new string('x', 1001))]);

        Assert.Equal(HttpStatusCode.BadRequest, id.StatusCode);
        var html = await id.Content.ReadAsStringAsync();
        Assert.Contains("Pilih \"sama orang\" atau \"orang berbeda\".".Replace("\"", "&quot;", StringComparison.Ordinal),
            html, StringComparison.Ordinal);
        Assert.Contains("Isi siapa yang memutus.", html, StringComparison.Ordinal);
        Assert.Contains("Isi alasan putusan.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, en.StatusCode);
        var english = await en.Content.ReadAsStringAsync();
        Assert.Contains("Choose &quot;same person&quot; or &quot;different people&quot;.", english,
            StringComparison.Ordinal);
        Assert.Contains("The reason has at most 1000 characters.", english, StringComparison.Ordinal);
        Assert.Contains("value=\"adjudikator.pusat\"", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Fill in who rules.", english, StringComparison.Ordinal);

        Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
        Assert.Equal(2, (await _central.WaitForDecisionsAsync(2)).Count);
    }

    [Fact]
    public async Task A_ruling_posted_from_the_page_goes_through_the_same_logic_as_the_api()
    {
        using var response = await _pages.PostFormAsync($"/kasus/{_caseId}", $"/kasus/{_caseId}",
            [new("ruling", "same-person"), new("by", "adjudikator.web"), new("reason", "wajah dan sidik jari sama")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/kasus/{_caseId}", response.Headers.Location?.OriginalString);
        var page = await _pages.HtmlAsync($"/kasus/{_caseId}");
        Assert.Contains("Putusan tersimpan dan dikirim ke daerah.", page, StringComparison.Ordinal);
        Assert.Contains("adjudikator.web", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"ruling-form\"", page, StringComparison.Ordinal);
        Assert.Contains("NOTICE", page, StringComparison.Ordinal);

        var ruled = Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases?state=ruled") ?? []);
        Assert.Equal("same-person", ruled.GetProperty("ruling").GetString());
        Assert.Equal("adjudikator.web", ruled.GetProperty("ruledBy").GetString());
        var decisions = await _central.WaitForDecisionsAsync(5);
        Assert.Equal(["ADJUDICATE_RECORD", "DUPLICATE_RECORD", "NOTICE"],
            decisions.Skip(2).Select(d => d.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_case_ruled_meanwhile_is_not_ruled_again_from_a_stale_page()
    {
        var token = await _pages.TokenAsync($"/kasus/{_caseId}");
        (await _central.Client.PostAsJsonAsync($"/api/cases/{_caseId}/ruling",
            new { ruling = "different-people", by = "api", reason = "twins" })).EnsureSuccessStatusCode();

        using var stale = await _pages.PostAsync($"/kasus/{_caseId}", token,
            [new("ruling", "same-person"), new("by", "late"), new("reason", "late")]);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Kasus ini sudah diputus sebelumnya", await stale.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Equal(4, (await _central.WaitForDecisionsAsync(4)).Count);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var client = new HttpClient
        {
            BaseAddress = _central.Client.BaseAddress,
            DefaultRequestHeaders = { Authorization = _central.Client.DefaultRequestHeaders.Authorization },
        };

        using var response = await client.PostAsync($"/kasus/{_caseId}", new FormUrlEncodedContent(
            [new("ruling", "same-person"), new("by", "x"), new("reason", "y")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await _central.Client.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? []);
    }

    [GeneratedRegex("<svg class=\"finger\"[^>]*data-finger=\"(\\d+)\" data-pairs=\"(\\d+)\"")]
    private static partial Regex SvgPattern();
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Printing;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using UglyToad.PdfPig;

namespace Ektp.Regional.Tests.Printing;

[Trait("Category", "Database")]
public sealed class DeliveryTests : IAsyncLifetime
{
    private static readonly DateTime Morning = RegionalServer.DefaultNow.UtcDateTime.AddDays(-3);
    private RegionalServer _server = null!;
    private PrintReady _ready = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _ready = new PrintReady(_server);
        await _ready.AddBlanksAsync(7001, 7100);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> PrintOneAsync()
    {
        var response = await _server.Client.PostAsJsonAsync("/api/printing/next", new { @operator = "op.cetak" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
    }

    [Fact]
    public async Task A_printed_card_goes_out_in_a_school_batch_and_its_hand_over_makes_the_record_delivered()
    {
        var student = await _ready.AddAsync("SISWA SMA", Morning, birthDate: new DateOnly(2009, 1, 5),
            where: RecordingLocation.School);
        var card = await PrintOneAsync();
        var cardId = card.GetProperty("id").GetGuid();
        Assert.Equal("school", card.GetProperty("suggestedDelivery").GetString());

        var awaiting = await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/cards?awaitingDelivery=true");
        Assert.Equal(cardId, awaiting[0].GetProperty("id").GetGuid());
        var batch = await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
            new { kind = "school", destination = "SMAN 1 Dumai", by = "op.kirim", cardIds = new[] { cardId } });
        Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
                new { kind = "home", destination = "Jl. Lain", by = "op.kirim", cardIds = new[] { cardId } }),
            HttpStatusCode.Conflict, "card-not-deliverable");

        var handOver = await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
            new { receivedBy = "SISWA SMA", identification = "Kartu pelajar 2026-0012", by = "guru.bk" });

        Assert.Equal(HttpStatusCode.OK, handOver.StatusCode);
        var view = await handOver.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("delivered", view.GetProperty("state").GetString());
        Assert.Equal("SMAN 1 Dumai", view.GetProperty("destination").GetString());
        await using var db = _server.NewDbContext();
        var record = await db.Residents.SingleAsync(r => r.Nik == student.Resident.Nik.Value);
        Assert.Equal(RecordStatus.Delivered, record.Status);
        var events = await db.StatusEvents.Where(e => e.Nik == record.Nik).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([RecordStatus.Printed, RecordStatus.Delivered], events.Select(e => e.To));
        Assert.Contains("Kartu pelajar", events[1].Reason, StringComparison.Ordinal);
        Assert.Equal("guru.bk", events[1].By);

        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
                new { receivedBy = "X", identification = "Y", by = "Z" }), HttpStatusCode.Conflict,
            "card-not-deliverable");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/spoil",
                new { by = "X", reason = "Y" }), HttpStatusCode.Conflict, "card-not-spoilable");
    }

    [Fact]
    public async Task A_hand_over_needs_a_batch_a_receiver_and_the_identification_shown()
    {
        await _ready.AddAsync("WARGA", Morning);
        var cardId = (await PrintOneAsync()).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
            new { receivedBy = "WARGA", identification = "KK", by = "op" }), HttpStatusCode.Conflict, "card-not-deliverable");
        await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
            new { kind = "office", destination = "Loket Disdukcapil", by = "op", cardIds = new[] { cardId } });
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
            new { receivedBy = "WARGA", by = "op" }), HttpStatusCode.BadRequest, "identification-missing");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
            new { identification = "KK", by = "op" }), HttpStatusCode.BadRequest, "receiver-missing");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
                new { receivedBy = "W", identification = "KK", by = "op", at = RegionalServer.DefaultNow.AddDays(2) }),
            HttpStatusCode.BadRequest, "handover-time-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
            new { kind = "drone", destination = "x", by = "op", cardIds = new[] { cardId } }), HttpStatusCode.BadRequest,
            "delivery-kind-invalid");
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
                new { kind = "home", destination = "x", by = "op", cardIds = new[] { Guid.NewGuid() } }),
            HttpStatusCode.NotFound, "card-unknown");

        await using var db = _server.NewDbContext();
        Assert.Equal(1, await db.DeliveryBatches.CountAsync());
        Assert.Equal(RecordStatus.Printed, (await db.Residents.SingleAsync()).Status);
    }

    [Fact]
    public async Task The_card_endpoints_give_the_png_sides_the_pdf_and_a_chip_signed_by_the_office()
    {
        var printed = await _ready.AddAsync("SITI RAHAYU", Morning, sex: Core.Identity.Sex.Female);
        var card = await PrintOneAsync();
        var id = card.GetProperty("id").GetGuid();

        foreach (var side in new[] { "front", "back" })
        {
            var png = await _server.Client.GetAsync($"/api/printing/cards/{id}/{side}.png");
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            using var bitmap = SKBitmap.Decode(await png.Content.ReadAsByteArrayAsync());
            Assert.Equal((1011, 638), (bitmap.Width, bitmap.Height));
        }

        var pdf = await _server.Client.GetAsync(card.GetProperty("pdf").GetString());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using (var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join(' ', document.GetPage(1).GetWords().Select(w => w.Text));
            Assert.Contains(printed.Resident.Nik.Value, text, StringComparison.Ordinal);
            Assert.Contains("PEREMPUAN", text, StringComparison.Ordinal);
            Assert.Contains("DUMAI BARAT", text.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        var chip = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/printing/cards/{id}/chip");
        var bytes = Convert.FromBase64String(chip.GetProperty("chip").GetString()!);
        var keys = _server.App.Services.GetRequiredService<RegionalKeys>();
        using var officePublic = ECDsa.Create();
        officePublic.ImportFromPem(RegionalKeys.PublicPem(keys.Office));
        Assert.True(ChipContent.Verify(bytes, chip.GetProperty("signature").GetString()!, officePublic));
        var content = ChipContent.Parse(bytes);
        Assert.Equal(7001, content.BlankSerial);
        Assert.Equal("SEUMUR HIDUP", content.Card.BerlakuHingga);
        Assert.Equal([2, 7], content.Fingers.Select(f => f.Position));
        var qr = CardQr.Verify(chip.GetProperty("qrText").GetString(), officePublic);
        Assert.True(qr.Valid, qr.Problem);
        Assert.Equal(printed.Resident.Nik.Value, qr.Payload!.Nik);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), qr.Payload.ChipSha256);
        bytes[^3] ^= 1;
        Assert.False(ChipContent.Verify(bytes, chip.GetProperty("signature").GetString()!, officePublic));

        var day = await _server.Client.GetAsync("/api/printing/cards.pdf?printedOn=2026-11-23");
        Assert.Equal(HttpStatusCode.OK, day.StatusCode);
    }
}

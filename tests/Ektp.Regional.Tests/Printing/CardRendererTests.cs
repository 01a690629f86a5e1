using System.Diagnostics;
using System.Security.Cryptography;
using Ektp.Regional.Printing;
using Ektp.Regional.Tests.Infrastructure;
using SkiaSharp;
using UglyToad.PdfPig;
using Xunit.Abstractions;

namespace Ektp.Regional.Tests.Printing;

public sealed class CardRendererTests(ITestOutputHelper output)
{
    private static readonly Lazy<(string Photo, string Signature)> Images = new(() => (
        Convert.ToBase64String(CardPhoto.Prepare(TestImages.Jpeg(300, 360))!),
        Convert.ToBase64String(TestImages.Png(300, 100))));

    internal static ChipContent Chip(string name = "SITI RAHAYU", long serial = 1234) => new()
    {
        CardId = Guid.CreateVersion7(),
        BlankSerial = serial,
        IssuedOn = new DateOnly(2026, 11, 23),
        IssuedAt = "KOTA DUMAI",
        Office = "1472",
        OfficeKeyId = "0123456789abcdef0123456789abcdef",
        Card = new CardFields("RIAU", "KOTA DUMAI", "1472015204910001", name, "DUMAI", "12-04-1991", "PEREMPUAN", "O",
            "JL. SULTAN SYARIF KASIM NO. 12", "003/002", "PURNAMA", "DUMAI BARAT", "ISLAM", "BELUM KAWIN",
            "WIRASWASTA", "WNI", "SEUMUR HIDUP"),
        Photo = Images.Value.Photo,
        Signature = Images.Value.Signature,
        Fingers = [new ChipFinger(2, "iso19794-2:2005", Convert.ToBase64String(PrintReady.Template(2)))],
    };

    [Fact]
    public void Front_and_back_are_ID1_cards_at_300_dpi()
    {
        var chip = Chip();
        using var officeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var qr = CardQr.Create(new QrPayload(chip.Card.Nik, chip.Card.Nama, "1991-04-12", chip.BlankSerial,
            "2026-11-23", "1472", chip.OfficeKeyId, new string('0', 64)), officeKey);

        foreach (var png in new[] { CardRenderer.FrontPng(chip), CardRenderer.BackPng(chip, qr) })
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.Equal(1011, bitmap.Width);
            Assert.Equal(638, bitmap.Height);
        }
    }

    [Fact]
    public void A_very_long_name_and_address_still_fit_on_the_card()
    {
        var chip = Chip(name: string.Concat(Enumerable.Repeat("MUHAMMAD ", 12)).Trim());

        using var bitmap = SKBitmap.Decode(CardRenderer.FrontPng(chip));

        Assert.Equal(1011, bitmap.Width);
    }

    [Fact]
    public void The_pdf_batch_has_card_sized_pages_and_a_text_layer_with_every_field()
    {
        using var officeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cards = new[] { Chip("SITI RAHAYU", 1), Chip("BUDI SANTOSO", 2) }
            .Select(c => (c, CardQr.Create(new QrPayload(c.Card.Nik, c.Card.Nama, "1991-04-12", c.BlankSerial,
                "2026-11-23", "1472", c.OfficeKeyId, new string('0', 64)), officeKey)));
        using var pdf = new MemoryStream();

        CardRenderer.Pdf(pdf, cards);

        using var document = PdfDocument.Open(pdf.ToArray());
        Assert.Equal(4, document.NumberOfPages);
        var front = document.GetPage(1);
        Assert.Equal(85.60 / 25.4 * 72, front.Width, 0.5);
        Assert.Equal(53.98 / 25.4 * 72, front.Height, 0.5);
        var text = string.Join(' ', front.GetWords().Select(w => w.Text));
        foreach (var field in new[]
                 {
                     "PROVINSI", "RIAU", "KOTA", "DUMAI", "NIK", "1472015204910001", "Nama", "SITI", "RAHAYU",
                     "Tempat/Tgl", "Lahir", "12-04-1991", "Jenis", "Kelamin", "PEREMPUAN", "Gol.", "Darah", "Alamat",
                     "RT/RW", "003/002", "Kel/Desa", "PURNAMA", "Kecamatan", "BARAT", "Agama", "ISLAM", "Status",
                     "Perkawinan", "BELUM", "KAWIN", "Pekerjaan", "WIRASWASTA", "Kewarganegaraan", "WNI", "Berlaku",
                     "Hingga", "SEUMUR", "HIDUP", "23-11-2026",
                 })
        {
            Assert.Contains(field, text, StringComparison.Ordinal);
        }

        Assert.Contains("BUDI", string.Join(' ', document.GetPage(3).GetWords().Select(w => w.Text)),
            StringComparison.Ordinal);
        Assert.Contains("0000000002", string.Join(' ', document.GetPage(4).GetWords().Select(w => w.Text)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_qr_verifies_offline_against_the_office_key_and_nothing_else()
    {
        using var officeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = new QrPayload("1472015204910001", "SITI RAHAYU", "1991-04-12", 42, "2026-11-23", "1472", "kid",
            new string('a', 64));
        var text = CardQr.Create(payload, officeKey);
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(officeKey.ExportSubjectPublicKeyInfo(), out _);

        var good = CardQr.Verify(text, publicOnly);
        Assert.True(good.Valid, good.Problem);
        Assert.Equal(payload, good.Payload);
        Assert.False(CardQr.Verify(text, otherKey).Valid);
        var forged = CardQr.Create(payload with { Nama = "ORANG LAIN" }, otherKey);
        Assert.False(CardQr.Verify(forged, publicOnly).Valid);
        var spliced = forged[..forged.LastIndexOf('.')] + text[text.LastIndexOf('.')..];
        Assert.False(CardQr.Verify(spliced, publicOnly).Valid);
        foreach (var junk in new[] { "", "hello", "EKTP1.", "EKTP1.a.b.c", "EKTP1.!!!.???", new string('x', 5000) })
        {
            Assert.False(CardQr.Verify(junk, publicOnly).Valid);
        }

        Assert.True(CardQr.Modules(text).Length > 21);
    }

    [Fact]
    public void The_photo_is_cropped_to_the_portrait_ratio_by_centre_or_around_a_given_face()
    {
        Assert.Equal(new SKRectI(88, 0, 313, 300), CardPhoto.Crop(400, 300));
        Assert.Equal(new SKRectI(0, 83, 300, 483), CardPhoto.Crop(300, 566));
        Assert.Equal(new SKRectI(0, 0, 225, 300), CardPhoto.Crop(400, 300, new SKRectI(0, 100, 40, 140)));

        using var photo = SKBitmap.Decode(CardPhoto.Prepare(TestImages.Jpeg(640, 480)));
        Assert.Equal((CardPhoto.Width, CardPhoto.Height), (photo.Width, photo.Height));
        Assert.Null(CardPhoto.Prepare([1, 2, 3]));
    }

    [Fact]
    public void Rendering_speed_is_reported()
    {
        var chips = Enumerable.Range(1, 100).Select(i => Chip($"PENDUDUK {i}", i)).ToList();
        using var officeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var qr = CardQr.Create(new QrPayload("1472015204910001", "X", "1991-04-12", 1, "2026-11-23", "1472", "kid",
            new string('0', 64)), officeKey);
        CardRenderer.FrontPng(chips[0]); // warm-up: fonts, JIT

        var clock = Stopwatch.StartNew();
        foreach (var chip in chips.Take(20))
        {
            CardRenderer.FrontPng(chip);
            CardRenderer.BackPng(chip, qr);
        }

        var perCard = clock.Elapsed.TotalMilliseconds / 20;
        clock.Restart();
        using var pdf = new MemoryStream();
        CardRenderer.Pdf(pdf, chips.Select(c => (c, qr)));
        output.WriteLine($"front+back PNG: {perCard:F1} ms per card; PDF of 100 cards: " +
                         $"{clock.Elapsed.TotalMilliseconds:F0} ms, {pdf.Length / 1024} KiB");
    }

    [Fact]
    public void The_card_photo_is_cropped_around_the_detected_face_and_falls_back_to_the_centre_without_one()
    {
        var face = Ektp.Regional.Printing.CardPhoto.PrepareAroundFace(TestImages.FacePhoto(), Ektp.Faces.FaceDetector.Shared);
        var centred = Ektp.Regional.Printing.CardPhoto.Prepare(TestImages.FacePhoto());
        using var bitmap = SKBitmap.Decode(face);
        Assert.Equal((240, 320), (bitmap.Width, bitmap.Height));
        Assert.NotEqual(centred, face);

        var plain = Ektp.Regional.Printing.CardPhoto.PrepareAroundFace(TestImages.Jpeg(640, 480), Ektp.Faces.FaceDetector.Shared);
        Assert.Equal(Ektp.Regional.Printing.CardPhoto.Prepare(TestImages.Jpeg(640, 480)), plain);
        Assert.Null(Ektp.Regional.Printing.CardPhoto.PrepareAroundFace([1, 2, 3], Ektp.Faces.FaceDetector.Shared));
    }
}

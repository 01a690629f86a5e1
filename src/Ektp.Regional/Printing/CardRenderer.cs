using System.Globalization;
using SkiaSharp;

namespace Ektp.Regional.Printing;

/// <summary>
/// Draws the e-KTP at ID-1 size (ISO/IEC 7810: 85.60 × 53.98 mm): front and back as PNG at 300 dpi
/// (1011 × 638 px), and a printable PDF batch with one card-sized page per side (front, back, front, back, …) whose
/// text is real text (the PDF can be searched and read by a machine). Both are drawn by the same code from the chip
/// content, with the DejaVu fonts embedded in this assembly (Printing/Fonts).
/// </summary>
internal static class CardRenderer
{
    public const double WidthMm = 85.60;
    public const double HeightMm = 53.98;
    public const int Dpi = 300;
    public static readonly int WidthPx = (int)Math.Round(WidthMm / 25.4 * Dpi);   // 1011
    public static readonly int HeightPx = (int)Math.Round(HeightMm / 25.4 * Dpi); // 638

    private static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("DejaVuSans-Bold.ttf"));

    public static byte[] FrontPng(ChipContent chip) => Png(canvas => DrawFront(canvas, chip));

    public static byte[] BackPng(ChipContent chip, string qrText) => Png(canvas => DrawBack(canvas, chip, qrText));

    /// <summary>Writes the cards to <paramref name="output"/> as one PDF: front then back of each card.</summary>
    public static void Pdf(Stream output, IEnumerable<(ChipContent Chip, string QrText)> cards)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = "KTP-el",
            Creator = "ektp",
            Producer = "ektp (SkiaSharp)",
            RasterDpi = Dpi,
            EncodingQuality = 90,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        var width = (float)(WidthMm / 25.4 * 72);
        var height = (float)(HeightMm / 25.4 * 72);
        foreach (var (chip, qr) in cards)
        {
            foreach (var side in new Action<SKCanvas>[] { c => DrawFront(c, chip), c => DrawBack(c, chip, qr) })
            {
                var canvas = document.BeginPage(width, height);
                canvas.Scale(72f / Dpi);
                side(canvas);
                document.EndPage();
            }
        }

        document.Close();
    }

    private static byte[] Png(Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(WidthPx, HeightPx, SKColorType.Rgba8888, SKAlphaType.Premul));
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("A raster card has pixels.");
        // zlib level 3: a quarter of the encoding time of the default, for files about twice as large.
        using var data = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new InvalidOperationException("The card could not be encoded as PNG.");
        return data.ToArray();
    }

    private static void DrawFront(SKCanvas canvas, ChipContent chip)
    {
        var card = chip.Card;
        Background(canvas);
        using var ink = new SKPaint { Color = new SKColor(0x10, 0x18, 0x28), IsAntialias = true };
        using var header = new SKFont(Bold.Value, 32);
        Centred(canvas, $"PROVINSI {card.Provinsi}", WidthPx / 2f, 50, header, ink, WidthPx - 60);
        Centred(canvas, card.KabupatenKota, WidthPx / 2f, 90, header, ink, WidthPx - 60);

        using var nikLabel = new SKFont(Bold.Value, 34);
        using var nikValue = new SKFont(Bold.Value, 38);
        canvas.DrawText("NIK", 30, 150, nikLabel, ink);
        canvas.DrawText(":", 270, 150, nikLabel, ink);
        Fitted(canvas, card.Nik, 292, 150, 460, nikValue, ink);

        using var label = new SKFont(Regular.Value, 23);
        using var value = new SKFont(Regular.Value, 23);
        var rows = new (string Label, string Value, int Indent)[]
        {
            ("Nama", card.Nama, 0),
            ("Tempat/Tgl Lahir", $"{card.TempatLahir}, {card.TanggalLahir}", 0),
            ("Jenis Kelamin", card.JenisKelamin, 0),
            ("Alamat", card.Alamat, 0),
            ("RT/RW", card.RtRw, 30),
            ("Kel/Desa", card.KelDesa, 30),
            ("Kecamatan", card.Kecamatan, 30),
            ("Agama", card.Agama, 0),
            ("Status Perkawinan", card.StatusPerkawinan, 0),
            ("Pekerjaan", card.Pekerjaan, 0),
            ("Kewarganegaraan", card.Kewarganegaraan, 0),
            ("Berlaku Hingga", card.BerlakuHingga, 0),
        };
        var y = 198f;
        foreach (var (name, text, indent) in rows)
        {
            canvas.DrawText(name, 30 + indent, y, label, ink);
            canvas.DrawText(":", 270, y, label, ink);
            if (name == "Jenis Kelamin")
            {
                Fitted(canvas, text, 292, y, 200, value, ink);
                canvas.DrawText("Gol. Darah", 510, y, label, ink);
                canvas.DrawText(":", 640, y, label, ink);
                Fitted(canvas, card.GolDarah, 660, y, 90, value, ink);
            }
            else
            {
                Fitted(canvas, text, 292, y, 460, value, ink);
            }

            y += 33;
        }

        // Photo, then place and date of issue, then the holder's signature.
        var photoBox = new SKRect(775, 120, 975, 387);
        using (var frame = new SKPaint { Color = SKColors.White })
        {
            canvas.DrawRect(photoBox, frame);
        }

        DrawImage(canvas, chip.Photo, photoBox, fit: false);
        using var small = new SKFont(Regular.Value, 21);
        Centred(canvas, chip.IssuedAt, photoBox.MidX, 420, small, ink, 230);
        Centred(canvas, chip.IssuedOn.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture), photoBox.MidX, 448, small,
            ink, 230);
        DrawImage(canvas, chip.Signature, new SKRect(770, 462, 980, 582), fit: true);
    }

    private static void DrawBack(SKCanvas canvas, ChipContent chip, string qrText)
    {
        Background(canvas);
        using var ink = new SKPaint { Color = new SKColor(0x10, 0x18, 0x28), IsAntialias = true };
        using var header = new SKFont(Bold.Value, 30);
        using var text = new SKFont(Regular.Value, 22);
        using var small = new SKFont(Regular.Value, 18);
        canvas.DrawText("REPUBLIK INDONESIA", 40, 70, header, ink);
        canvas.DrawText("KARTU TANDA PENDUDUK ELEKTRONIK", 40, 108, text, ink);
        canvas.DrawText($"NIK : {chip.Card.Nik}", 40, 190, text, ink);
        canvas.DrawText($"No. Seri Blangko : {chip.BlankSerial:D10}", 40, 226, text, ink);
        Fitted(canvas, $"Diterbitkan : {chip.IssuedAt}, {chip.IssuedOn.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}",
            40, 262, 570, text, ink);
        var lines = new[]
        {
            "Kartu ini milik Pemerintah Republik Indonesia.",
            "Bila menemukan kartu ini, harap dikembalikan",
            "ke Dinas Kependudukan dan Pencatatan Sipil terdekat.",
            "Kode QR ditandatangani kantor penerbit (ECDSA P-256).",
        };
        var y = 340f;
        foreach (var line in lines)
        {
            Fitted(canvas, line, 40, y, 580, small, ink);
            y += 28;
        }

        // The QR code, drawn module by module so it stays sharp at any scale (PNG and PDF alike).
        var modules = CardQr.Modules(qrText);
        var box = new SKRect(640, 150, 980, 490);
        var size = Math.Min(box.Width, box.Height) / modules.Length;
        using var white = new SKPaint { Color = SKColors.White };
        canvas.DrawRect(box.Left, box.Top, size * modules.Length, size * modules.Length, white);
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        for (var row = 0; row < modules.Length; row++)
        {
            for (var col = 0; col < modules[row].Length; col++)
            {
                if (modules[row][col])
                {
                    canvas.DrawRect(box.Left + (col * size), box.Top + (row * size), size + 0.02f, size + 0.02f, dark);
                }
            }
        }
    }

    private static void Background(SKCanvas canvas)
    {
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(WidthPx, HeightPx),
                [new SKColor(0xc9, 0xe3, 0xf5), new SKColor(0xe6, 0xf3, 0xe4), new SKColor(0xd2, 0xe6, 0xf4)],
                SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, WidthPx, HeightPx, paint);
    }

    private static void DrawImage(SKCanvas canvas, string base64, SKRect box, bool fit)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return;
        }

        using var bitmap = CardPhoto.Decode(bytes);
        if (bitmap is null)
        {
            return;
        }

        var target = box;
        if (fit)
        {
            var scale = Math.Min(box.Width / bitmap.Width, box.Height / bitmap.Height);
            var w = bitmap.Width * scale;
            var h = bitmap.Height * scale;
            target = new SKRect(box.MidX - (w / 2), box.MidY - (h / 2), box.MidX + (w / 2), box.MidY + (h / 2));
        }

        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    private static void Centred(SKCanvas canvas, string text, float centreX, float y, SKFont font, SKPaint paint,
        float maxWidth)
    {
        using var fitted = FitFont(text, font, maxWidth, out var shown);
        var width = fitted.MeasureText(shown);
        canvas.DrawText(shown, centreX - (width / 2), y, fitted, paint);
    }

    /// <summary>Draws text in at most <paramref name="maxWidth"/>: smaller type first, down to 70 %, then cut with "…".</summary>
    private static void Fitted(SKCanvas canvas, string text, float x, float y, float maxWidth, SKFont font, SKPaint paint)
    {
        using var fitted = FitFont(text, font, maxWidth, out var shown);
        canvas.DrawText(shown, x, y, fitted, paint);
    }

    private static SKFont FitFont(string text, SKFont font, float maxWidth, out string shown)
    {
        var fitted = new SKFont(font.Typeface, font.Size);
        shown = text;
        while (fitted.MeasureText(shown) > maxWidth && fitted.Size > font.Size * 0.7f)
        {
            fitted.Size -= 0.5f;
        }

        while (shown.Length > 1 && fitted.MeasureText(shown) > maxWidth)
        {
            shown = shown[..^2] + "…";
        }

        return fitted;
    }

    private static SKTypeface LoadFont(string file)
    {
        using var stream = typeof(CardRenderer).Assembly.GetManifestResourceStream($"Ektp.Regional.Printing.Fonts.{file}")
            ?? throw new InvalidOperationException($"The card font {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The card font {file} cannot be read.");
    }
}

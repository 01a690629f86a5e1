using System.Globalization;
using Ektp.Regional.Web;
using SkiaSharp;

namespace Ektp.Regional.Reports;

/// <summary>
/// The printable coverage report for the Wali Kota / Bupati: A4 pages in Bahasa Indonesia with the headline figures,
/// the table of units with a bar each, the weekly coverage chart, the unplaced records and the caveats. Drawn with
/// SkiaSharp's PDF back-end and the DejaVu fonts embedded for the cards, so the text layer is real text.
/// </summary>
internal static class CoveragePdf
{
    private const float PageWidth = 595.28f;  // A4 in points
    private const float PageHeight = 841.89f;
    private const float Margin = 42f;
    private const float RowHeight = 15f;

    private static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("DejaVuSans-Bold.ttf"));

    public static void Write(Stream output, RegionalInfo region, CoverageReport report, CoverageTrend trend)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"Laporan cakupan perekaman KTP-el {report.Region.Name} {report.AsOf:yyyy-MM-dd}",
            Author = region.OfficeName,
            Creator = "ektp",
            Producer = "ektp (SkiaSharp)",
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        using var pages = new Pages(document, report);
        var canvas = pages.Canvas;
        var y = Margin;

        using var title = new SKFont(Bold.Value, 15);
        using var heading = new SKFont(Bold.Value, 11);
        using var text = new SKFont(Regular.Value, 9);
        using var small = new SKFont(Regular.Value, 7.5f);
        using var ink = new SKPaint { Color = new SKColor(0x1d, 0x24, 0x30), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x5a, 0x64, 0x72), IsAntialias = true };

        canvas.DrawText(T("report.title"), Margin, y + 14, title, ink);
        y += 32;
        canvas.DrawText(region.OfficeName, Margin, y, heading, ink);
        y += 15;
        var area = report.Parent is { } parent
            ? $"{Level(parent.Level)} {parent.Name} ({parent.Code}), {report.Region.Name}"
            : report.Region.Name;
        canvas.DrawText($"{area} — {T("asof")} {Date(report.AsOf)}", Margin, y, text, ink);
        y += 22;

        y = Headline(canvas, report.Total, y, heading, small, ink, muted);
        y += 10;

        canvas.DrawText($"{T("col.percent")} per {Level(report.Level).ToLowerInvariant()}", Margin, y, heading, ink);
        y += 16;
        y = Table(pages, report, y, text, small, ink, muted);
        canvas = pages.Canvas;

        if (trend.Weeks.Count > 1)
        {
            y = pages.Ensure(y, 190);
            canvas = pages.Canvas;
            y += 14;
            canvas.DrawText($"{T("trend.coverage")} — {T("trend")}", Margin, y, heading, ink);
            y = Chart(canvas, trend, y + 8, small, ink, muted);
        }

        y = pages.Ensure(y, 60);
        canvas = pages.Canvas;
        y += 18;
        canvas.DrawText(T("unplaced"), Margin, y, heading, ink);
        y += 14;
        if (report.Unplaced.Count == 0)
        {
            canvas.DrawText(T("unplaced.none"), Margin, y, text, ink);
            y += 12;
        }

        foreach (var group in report.Unplaced)
        {
            y = pages.Ensure(y, 40);
            canvas = pages.Canvas;
            canvas.DrawText($"{group.Reason}: {N(group.Population)} penduduk", Margin, y, text,
                ink);
            y = Paragraph(canvas, T("unplaced." + group.Reason), Margin + 10, y + 11, small, muted);
            var examples = string.Join(", ", group.Examples.Select(e => e.Nik));
            canvas.DrawText($"{T("unplaced.examples")}: {examples}", Margin + 10, y, small, muted);
            y += 14;
        }

        y = pages.Ensure(y, 70);
        canvas = pages.Canvas;
        y += 10;
        canvas.DrawText(T("caveats"), Margin, y, heading, ink);
        y += 12;
        foreach (var key in new[] { "caveat.1", "caveat.2", "caveat.3" })
        {
            y = Paragraph(pages.Canvas, "• " + T(key), Margin, y, small, muted);
        }

        pages.Finish();
        document.Close();
    }

    private static float Headline(SKCanvas canvas, CoverageRow total, float y, SKFont big, SKFont small, SKPaint ink,
        SKPaint muted)
    {
        (string Label, string Value)[] boxes =
        [
            (T("col.population"), N(total.Population)),
            (T("col.wajib"), N(total.WajibKtp)),
            (T("col.recorded"), N(total.Recorded)),
            (T("col.percent"), Percent(total.Percent)),
            (T("col.unrecorded"), N(total.WajibKtp - total.Recorded)),
            (T("col.printed"), N(total.Printed)),
        ];
        var width = (PageWidth - (2 * Margin)) / boxes.Length;
        using var border = new SKPaint { Color = new SKColor(0xdf, 0xe3, 0xe8), Style = SKPaintStyle.Stroke };
        using var value = new SKFont(big.Typeface, 13);
        for (var i = 0; i < boxes.Length; i++)
        {
            var x = Margin + (i * width);
            canvas.DrawRect(x + 2, y, width - 4, 40, border);
            canvas.DrawText(boxes[i].Value, x + 7, y + 18, value, ink);
            canvas.DrawText(Fit(boxes[i].Label, small, width - 12), x + 7, y + 32, small, muted);
        }

        return y + 48;
    }

    private static readonly (string Key, float Width, bool Number)[] Columns =
    [
        ("col.unit", 134, false), ("col.wajib", 54, true), ("col.recorded", 58, true), ("col.percent", 50, true),
        ("", 58, false), ("col.unrecorded", 56, true), ("col.printed", 50, true), ("col.duplicates", 50, true),
    ];

    private static float Table(Pages pages, CoverageReport report, float y, SKFont text, SKFont small, SKPaint ink,
        SKPaint muted)
    {
        using var bar = new SKPaint { Color = new SKColor(0x7a, 0x0a, 0x0a) };
        using var track = new SKPaint { Color = new SKColor(0xee, 0xee, 0xee) };
        using var rule = new SKPaint { Color = new SKColor(0xe3, 0xe6, 0xea), StrokeWidth = 0.5f };
        using var bold = new SKFont(Bold.Value, text.Size);

        void Header(SKCanvas canvas, float top)
        {
            // A label too wide for its column goes on two lines: "Belum" over "rekam".
            var x = Margin;
            foreach (var (key, width, number) in Columns)
            {
                var text = key.Length == 0 ? "" : T(key);
                var split = text.IndexOf(' ', StringComparison.Ordinal);
                string[] lines = small.MeasureText(text) <= width - 4 || split < 0
                    ? ["", text]
                    : [text[..split], text[(split + 1)..]];
                for (var i = 0; i < lines.Length; i++)
                {
                    var label = Fit(lines[i], small, width - 4);
                    var at = number ? x + width - 4 - small.MeasureText(label) : x;
                    canvas.DrawText(label, at, top + 2 + (i * 9), small, muted);
                }

                x += width;
            }

            canvas.DrawLine(Margin, top + 14, PageWidth - Margin, top + 14, rule);
        }

        void Row(SKCanvas canvas, float top, string name, CoverageTally t, SKFont font)
        {
            string[] cells =
            [
                name, N(t.WajibKtp), N(t.Recorded), Percent(t.Percent), "", N(t.WajibKtp - t.Recorded), N(t.Printed),
                N(t.Duplicates),
            ];
            var x = Margin;
            for (var i = 0; i < Columns.Length; i++)
            {
                var (_, width, number) = Columns[i];
                if (i == 4)
                {
                    canvas.DrawRect(x + 2, top + 3, width - 6, 8, track);
                    canvas.DrawRect(x + 2, top + 3, (width - 6) * (float)(t.Percent / 100m), 8, bar);
                }
                else
                {
                    var cell = Fit(cells[i], font, width - 4);
                    var at = number ? x + width - 4 - font.MeasureText(cell) : x;
                    canvas.DrawText(cell, at, top + 11, font, ink);
                }

                x += width;
            }
        }

        Header(pages.Canvas, y);
        y += 16;
        foreach (var unit in report.Units)
        {
            if (y + RowHeight > PageHeight - Margin - 20)
            {
                y = pages.Next() + 8;
                Header(pages.Canvas, y);
                y += 16;
            }

            Row(pages.Canvas, y, unit.Name, unit, text);
            y += RowHeight;
        }

        foreach (var group in report.Unplaced)
        {
            y = pages.Ensure(y, RowHeight);
            Row(pages.Canvas, y, $"({group.Reason})", group, text);
            y += RowHeight;
        }

        y = pages.Ensure(y, RowHeight + 4);
        pages.Canvas.DrawLine(Margin, y + 1, PageWidth - Margin, y + 1, rule);
        Row(pages.Canvas, y + 2, T("total"), report.Total, bold);
        return y + RowHeight + 4;
    }

    private static float Chart(SKCanvas canvas, CoverageTrend trend, float y, SKFont small, SKPaint ink, SKPaint muted)
    {
        const float height = 130;
        var left = Margin + 30;
        var width = PageWidth - Margin - left;
        using var axis = new SKPaint { Color = new SKColor(0x99, 0xa1, 0xad), StrokeWidth = 0.5f };
        using var line = new SKPaint
        {
            Color = new SKColor(0x7a, 0x0a, 0x0a),
            StrokeWidth = 1.5f,
            Style = SKPaintStyle.Stroke,
            IsAntialias = true,
        };
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var ty = y + height - (height * tick / 100f);
            canvas.DrawLine(left, ty, left + width, ty, axis);
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"{tick} %"), Margin, ty + 3, small, muted);
        }

        var weeks = trend.Weeks;
        var step = width / (weeks.Count - 1);
        using var path = new SKPath();
        for (var i = 0; i < weeks.Count; i++)
        {
            var x = left + (i * step);
            var py = y + height - (height * (float)(weeks[i].Percent / 100m));
            if (i == 0)
            {
                path.MoveTo(x, py);
            }
            else
            {
                path.LineTo(x, py);
            }
        }

        canvas.DrawPath(path, line);
        var labelEvery = Math.Max(1, weeks.Count / 6);
        for (var i = 0; i < weeks.Count; i += labelEvery)
        {
            canvas.DrawText(Date(weeks[i].WeekEnding), left + (i * step) - 18, y + height + 11, small, muted);
        }

        var last = weeks[^1];
        canvas.DrawText(Percent(last.Percent), left + width - 30, y + height - (height * (float)(last.Percent / 100m)) - 4,
            small, ink);
        return y + height + 16;
    }

    private static float Paragraph(SKCanvas canvas, string text, float x, float y, SKFont font, SKPaint paint)
    {
        var width = PageWidth - Margin - x;
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.MeasureText(candidate) > width && line.Length > 0)
            {
                canvas.DrawText(line, x, y, font, paint);
                y += font.Size + 3;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            canvas.DrawText(line, x, y, font, paint);
            y += font.Size + 3;
        }

        return y;
    }

    private static string Fit(string text, SKFont font, float width)
    {
        var shown = text;
        while (shown.Length > 1 && font.MeasureText(shown) > width)
        {
            shown = shown[..^2] + "…";
        }

        return shown;
    }

    private static string T(string key) => CoverageText.Id(key);

    private static string Level(string level) => T("level." + level);

    // Indonesian figures: a point between thousands, a comma before decimals (12.345 and 82,29 %), whatever the
    // server's culture data.
    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static string Percent(decimal value) =>
        value.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') + " %";

    private static string Date(DateOnly day) => day.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static SKTypeface LoadFont(string file)
    {
        using var stream = typeof(CoveragePdf).Assembly.GetManifestResourceStream($"Ektp.Regional.Printing.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }

    // The document's pages: begins the first, and a new one (with its footer) whenever the content reaches the bottom.
    private sealed class Pages : IDisposable
    {
        private readonly SKDocument _document;
        private readonly CoverageReport _report;
        private readonly SKFont _footer = new(Regular.Value, 7);
        private readonly SKPaint _muted = new() { Color = new SKColor(0x5a, 0x64, 0x72), IsAntialias = true };
        private int _number;

        public Pages(SKDocument document, CoverageReport report)
        {
            _document = document;
            _report = report;
            Canvas = Begin();
        }

        public SKCanvas Canvas { get; private set; }

        /// <summary>Starts a new page when fewer than <paramref name="needed"/> points are left; returns the y to draw at.</summary>
        public float Ensure(float y, float needed) => y + needed > PageHeight - Margin - 20 ? Next() : y;

        public float Next()
        {
            Footer();
            _document.EndPage();
            Canvas = Begin();
            return Margin;
        }

        public void Finish()
        {
            Footer();
            _document.EndPage();
        }

        public void Dispose()
        {
            _footer.Dispose();
            _muted.Dispose();
        }

        private SKCanvas Begin()
        {
            _number++;
            return _document.BeginPage(PageWidth, PageHeight);
        }

        private void Footer()
        {
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{_report.Region.Name} — {T("asof")} {Date(_report.AsOf)} — {T("generated")} "
                + $"{_report.GeneratedAt:dd-MM-yyyy HH:mm} UTC — ektp — {T("page")} {_number}");
            Canvas.DrawText(text, Margin, PageHeight - Margin + 10, _footer, _muted);
        }
    }
}

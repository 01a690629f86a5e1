using SkiaSharp;

namespace Ektp.Regional.Outreach;

/// <summary>
/// A small page writer over SkiaSharp's PDF backend for the outreach letters and lists: A4 pages, real text (so the
/// PDF is searchable and a test can read it back), the DejaVu fonts embedded in this assembly (Printing/Fonts), word
/// wrapping, and a table that repeats its header on every page.
/// </summary>
internal sealed class PdfPages : IDisposable
{
    public const float A4Width = 595.28f;
    public const float A4Height = 841.89f;
    public const float Margin = 48f;

    private static readonly Lazy<SKTypeface> RegularFace = new(() => LoadFont("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => LoadFont("DejaVuSans-Bold.ttf"));

    private readonly SKDocument _document;
    private readonly SKPaint _ink = new() { Color = new SKColor(0x10, 0x18, 0x28), IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = new SKColor(0x60, 0x68, 0x74), StrokeWidth = 0.6f, IsStroke = true };
    private SKCanvas? _canvas;

    public PdfPages(Stream output, string title)
    {
        _document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata
        {
            Title = title,
            Creator = "ektp",
            Producer = "ektp (SkiaSharp)",
        });
    }

    public bool Landscape { get; private set; }
    public float Width => Landscape ? A4Height : A4Width;
    public float Height => Landscape ? A4Width : A4Height;
    public int PageCount { get; private set; }
    public SKCanvas Canvas => _canvas ?? throw new InvalidOperationException("No page is open.");

    public static SKFont Regular(float size) => new(RegularFace.Value, size);

    public static SKFont Bold(float size) => new(BoldFace.Value, size);

    public void NewPage(bool landscape = false)
    {
        EndPage();
        Landscape = landscape;
        _canvas = _document.BeginPage(Width, Height);
        PageCount++;
    }

    public void Text(string text, float x, float y, SKFont font) => Canvas.DrawText(text, x, y, font, _ink);

    public void Centred(string text, float y, SKFont font) =>
        Canvas.DrawText(text, (Width - font.MeasureText(text)) / 2, y, font, _ink);

    public void Line(float x1, float y1, float x2, float y2) => Canvas.DrawLine(x1, y1, x2, y2, _rule);

    public void Box(float x, float y, float w, float h) => Canvas.DrawRect(x, y, w, h, _rule);

    /// <summary>Draws <paramref name="text"/> wrapped into <paramref name="width"/>; returns the baseline after it.
    /// </summary>
    public float Paragraph(string text, float x, float y, float width, SKFont font, float lineHeight)
    {
        foreach (var line in Wrap(text, width, font))
        {
            Text(line, x, y, font);
            y += lineHeight;
        }

        return y;
    }

    /// <summary>Splits text into lines no wider than <paramref name="width"/>, breaking at spaces (and inside a word
    /// only when the word alone is too wide).</summary>
    public static List<string> Wrap(string text, float width, SKFont font)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (font.MeasureText(current) > width && current.Length > 1)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && font.MeasureText(current[..cut]) > width)
                    {
                        cut--;
                    }

                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    public void EndPage()
    {
        if (_canvas is not null)
        {
            _document.EndPage();
            _canvas = null;
        }
    }

    public void Dispose()
    {
        EndPage();
        _document.Close();
        _document.Dispose();
        _ink.Dispose();
        _rule.Dispose();
    }

    private static SKTypeface LoadFont(string file)
    {
        using var stream = typeof(PdfPages).Assembly.GetManifestResourceStream($"Ektp.Regional.Printing.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font {file} cannot be read.");
    }
}

/// <summary>A table column: header, width in points, and how a row gives its cell text.</summary>
internal sealed record PdfColumn<T>(string Header, float Width, Func<T, string> Cell);

internal static class PdfTable
{
    /// <summary>
    /// Draws rows as a table from <paramref name="top"/>, wrapping cells, starting a new page (with the header again
    /// and <paramref name="pageHeader"/> drawn first) when a row does not fit. Returns the y below the table.
    /// </summary>
    public static float Draw<T>(PdfPages pdf, IReadOnlyList<PdfColumn<T>> columns, IEnumerable<T> rows, float top,
        Func<PdfPages, float> pageHeader, float fontSize = 8f)
    {
        using var font = PdfPages.Regular(fontSize);
        using var bold = PdfPages.Bold(fontSize);
        var lineHeight = fontSize * 1.3f;
        var bottom = pdf.Height - PdfPages.Margin;
        var y = Header(pdf, columns, top, bold, lineHeight);
        foreach (var row in rows)
        {
            var cells = columns.Select(c => PdfPages.Wrap(c.Cell(row), c.Width - 6, font)).ToList();
            var height = (cells.Max(c => c.Count) * lineHeight) + 4;
            if (y + height > bottom)
            {
                pdf.NewPage(pdf.Landscape);
                y = Header(pdf, columns, pageHeader(pdf), bold, lineHeight);
            }

            var x = PdfPages.Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var ly = y + lineHeight - 1;
                foreach (var line in cells[i])
                {
                    pdf.Text(line, x + 3, ly, font);
                    ly += lineHeight;
                }

                pdf.Box(x, y, columns[i].Width, height);
                x += columns[i].Width;
            }

            y += height;
        }

        return y;
    }

    private static float Header<T>(PdfPages pdf, IReadOnlyList<PdfColumn<T>> columns, float y, SKFont bold,
        float lineHeight)
    {
        var cells = columns.Select(c => PdfPages.Wrap(c.Header, c.Width - 6, bold)).ToList();
        var height = (cells.Max(c => c.Count) * lineHeight) + 4;
        var x = PdfPages.Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var ly = y + lineHeight - 1;
            foreach (var line in cells[i])
            {
                pdf.Text(line, x + 3, ly, bold);
                ly += lineHeight;
            }

            pdf.Box(x, y, columns[i].Width, height);
            x += columns[i].Width;
        }

        return y + height;
    }
}

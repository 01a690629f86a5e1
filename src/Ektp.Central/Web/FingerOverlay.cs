using System.Globalization;
using System.Security;
using System.Text;
using Ektp.Biometrics;
using Ektp.Central.Adjudication;

namespace Ektp.Central.Web;

/// <summary>
/// Draws one finger of a case as inline SVG: the later packet's image on the left, the earlier one's on the right,
/// both scaled to one height; every minutia as a circle (ending) or square (bifurcation) with a tick in its
/// direction; paired minutiae in red with the same number on both sides and a line joining them.
/// <para>
/// Minutiae are in pixels at 500 dpi (the engine's resolution); an image recorded at another resolution has
/// dpi/500 times as many pixels. The packet does not state the scanner's dpi, but the template keeps the image's
/// size at 500 dpi, so image pixels per template pixel = image width / template width (= dpi / 500).
/// </para>
/// </summary>
internal static class FingerOverlay
{
    private const double PanelHeight = 360;
    private const double Gap = 28;
    private const double Tick = 14;
    private const double Radius = 5;

    /// <summary>Image pixels per template pixel, across and down; 1 when either size is unknown.</summary>
    public static (double X, double Y) Scale(FingerSide side) =>
        side is { Template: { Width: > 0, Height: > 0 } template, Image.Info: { } info }
            ? (info.Width / (double)template.Width, info.Height / (double)template.Height)
            : (1, 1);

    /// <summary>Where a minutia of the side's template lies on the side's image, in image pixels.</summary>
    public static (double X, double Y) InImage(Minutia minutia, FingerSide side)
    {
        var (sx, sy) = Scale(side);
        return (minutia.X * sx, minutia.Y * sy);
    }

    public static string Svg(FingerComparison finger, long caseId, string title, string missingText,
        string damagedText)
    {
        var left = Panel.Of(finger.Later, caseId, CaseDossiers.LaterSide, finger.Position, 0);
        var right = Panel.Of(finger.Earlier, caseId, CaseDossiers.EarlierSide, finger.Position,
            left.Width + Gap);
        var laterLabels = new Dictionary<int, int>();
        var earlierLabels = new Dictionary<int, int>();
        for (var k = 0; k < finger.Pairs.Count; k++)
        {
            laterLabels.TryAdd(finger.Pairs[k].ProbeIndex, k + 1);
            earlierLabels.TryAdd(finger.Pairs[k].CandidateIndex, k + 1);
        }

        var svg = new StringBuilder();
        svg.Append("<svg class=\"finger\" xmlns=\"http://www.w3.org/2000/svg\" ");
        svg.Append(CultureInfo.InvariantCulture, $"viewBox=\"0 0 {N(right.X + right.Width)} {N(PanelHeight)}\" ");
        svg.Append(CultureInfo.InvariantCulture,
            $"role=\"img\" data-finger=\"{finger.Position}\" data-pairs=\"{finger.Pairs.Count}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
        left.DrawBackground(svg, missingText, damagedText);
        right.DrawBackground(svg, missingText, damagedText);
        foreach (var pair in finger.Pairs)
        {
            if (left.Point(pair.ProbeIndex) is { } a && right.Point(pair.CandidateIndex) is { } b)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line class=\"pair-line\" x1=\"{N(a.X)}\" y1=\"{N(a.Y)}\" x2=\"{N(b.X)}\" y2=\"{N(b.Y)}\"/>");
            }
        }

        left.DrawMinutiae(svg, laterLabels);
        right.DrawMinutiae(svg, earlierLabels);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A coordinate as SVG wants it: invariant culture, one decimal at most.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);

    /// <summary>One side placed in the drawing: offset, zoom to the common height, and what to draw.</summary>
    private sealed record Panel(double X, double Width, double Zoom, double ScaleX, double ScaleY, FingerSide? Side,
        string Url)
    {
        public static Panel Of(FingerSide? side, long caseId, string sideName, int position, double x)
        {
            var (sx, sy) = side is null ? (1, 1) : Scale(side);
            var (w, h) = side switch
            {
                { Image.Info: { } info } => (info.Width, info.Height),
                { Template: { Width: > 0, Height: > 0 } t } => (t.Width, t.Height),
                _ => (300, 300),
            };
            var zoom = PanelHeight / h;
            return new Panel(x, w * zoom, zoom, sx, sy, side,
                CaseImagesEndpoint.Url(caseId, sideName, $"jari-{position}"));
        }

        public (double X, double Y)? Point(int index) =>
            Side?.Template is { } t && index >= 0 && index < t.Minutiae.Count
                ? (X + (t.Minutiae[index].X * ScaleX * Zoom), t.Minutiae[index].Y * ScaleY * Zoom)
                : null;

        public void DrawBackground(StringBuilder svg, string missingText, string damagedText)
        {
            if (Side?.Image?.Info is not null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<image href=\"{Url}\" x=\"{N(X)}\" y=\"0\" ");
                svg.Append(CultureInfo.InvariantCulture,
                    $"width=\"{N(Width)}\" height=\"{N(PanelHeight)}\" preserveAspectRatio=\"none\"/>");
                return;
            }

            var text = Side?.Image is null ? missingText : damagedText;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"gap\"><rect x=\"{N(X + 1)}\" y=\"1\" ");
            svg.Append(CultureInfo.InvariantCulture, $"width=\"{N(Width - 2)}\" height=\"{N(PanelHeight - 2)}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{N(X + (Width / 2))}\" y=\"{N(PanelHeight / 2)}\" text-anchor=\"middle\">");
            svg.Append(CultureInfo.InvariantCulture, $"{Escape(text)}</text></g>");
        }

        public void DrawMinutiae(StringBuilder svg, Dictionary<int, int> labels)
        {
            if (Side?.Template is not { } template)
            {
                return;
            }

            for (var i = 0; i < template.Minutiae.Count; i++)
            {
                var m = template.Minutiae[i];
                var (x, y) = Point(i)!.Value;
                var paired = labels.TryGetValue(i, out var label);
                var css = paired ? " m-paired" : "";
                var tipX = x + (Tick * Math.Cos(m.Direction));
                var tipY = y + (Tick * Math.Sin(m.Direction));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line class=\"m-dir{css}\" x1=\"{N(x)}\" y1=\"{N(y)}\" x2=\"{N(tipX)}\" y2=\"{N(tipY)}\"/>");
                if (m.Type == MinutiaType.Bifurcation)
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect class=\"m m-bif{css}\" x=\"{N(x - Radius)}\" y=\"{N(y - Radius)}\" ");
                    svg.Append(CultureInfo.InvariantCulture,
                        $"width=\"{N(2 * Radius)}\" height=\"{N(2 * Radius)}\"/>");
                }
                else
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<circle class=\"m m-end{css}\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(Radius)}\"/>");
                }
                if (paired)
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text class=\"m-label\" x=\"{N(x + 6)}\" y=\"{N(y - 6)}\">{label}</text>");
                }
            }
        }
    }
}

using System.Globalization;
using System.Security;
using System.Text;

namespace Ektp.Regional.Reports;

/// <summary>
/// The dashboard's trend charts as inline SVG drawn by hand: no script, nothing loaded, readable on any browser and
/// printable. Each bar and point carries a &lt;title&gt; with its exact value.
/// </summary>
internal static class CoverageCharts
{
    private static readonly double[] NiceSteps = [1, 2, 5, 10];

    private const double Width = 640, Height = 150, Left = 44, Top = 12, Bottom = 30;

    public static string Bars(string id, string title, IReadOnlyList<CoverageWeek> weeks, Func<CoverageWeek, double> value)
    {
        var values = weeks.Select(value).ToArray();
        var max = Nice(values.DefaultIfEmpty(0).Max());
        var svg = Begin(id, title, max, suffix: "");
        var slot = (Width - Left - 8) / Math.Max(1, weeks.Count);
        for (var i = 0; i < weeks.Count; i++)
        {
            var h = Height * values[i] / max;
            var x = Left + (i * slot) + (slot * 0.15);
            svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{N(x)}\" y=\"{N(Top + Height - h)}\" width=\"{N(slot * 0.7)}\" height=\"{N(h)}\">")
                .Append(CultureInfo.InvariantCulture, $"<title>{Day(weeks[i].WeekEnding)}: {values[i]:0.##}</title></rect>");
        }

        return End(svg, weeks, slot);
    }

    public static string Line(string id, string title, IReadOnlyList<CoverageWeek> weeks, Func<CoverageWeek, double> value,
        double? fixedMax = null, string suffix = "")
    {
        var values = weeks.Select(value).ToArray();
        var max = fixedMax ?? Nice(values.DefaultIfEmpty(0).Max());
        var svg = Begin(id, title, max, suffix);
        var slot = (Width - Left - 8) / Math.Max(1, weeks.Count);
        var points = new StringBuilder();
        for (var i = 0; i < weeks.Count; i++)
        {
            var x = Left + (i * slot) + (slot / 2);
            var y = Top + Height - (Height * values[i] / max);
            points.Append(CultureInfo.InvariantCulture, $"{N(x)},{N(y)} ");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"3\">")
                .Append(CultureInfo.InvariantCulture, $"<title>{Day(weeks[i].WeekEnding)}: {values[i]:0.##}{suffix}</title></circle>");
        }

        svg.Append(CultureInfo.InvariantCulture,
            $"<polyline fill=\"none\" stroke=\"#7a0a0a\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"/>");
        return End(svg, weeks, slot);
    }

    private static StringBuilder Begin(string id, string title, double max, string suffix)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
                $"<svg class=\"chart\" id=\"{id}\" role=\"img\" viewBox=\"0 0 {N(Width)} {N(Top + Height + Bottom)}\" ")
            .Append(CultureInfo.InvariantCulture,
                $"width=\"{N(Width)}\" height=\"{N(Top + Height + Bottom)}\"><title>{SecurityElement.Escape(title)}</title>");
        foreach (var fraction in new[] { 0, 0.5, 1 })
        {
            var y = Top + Height - (Height * fraction);
            svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{N(Left)}\" x2=\"{N(Width - 4)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"#d5d9df\"/>")
                .Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{N(Left - 4)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{max * fraction:0.##}{suffix}</text>");
        }

        return svg;
    }

    private static string End(StringBuilder svg, IReadOnlyList<CoverageWeek> weeks, double slot)
    {
        var every = Math.Max(1, (int)Math.Ceiling(weeks.Count / 8.0));
        for (var i = weeks.Count - 1; i >= 0; i -= every)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{N(Left + (i * slot) + (slot / 2))}\" y=\"{N(Top + Height + 16)}\" text-anchor=\"middle\">")
                .Append(weeks[i].WeekEnding.ToString("dd-MM", CultureInfo.InvariantCulture)).Append("</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    // A round upper bound for an axis: 1, 2 or 5 times a power of ten.
    private static double Nice(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        return NiceSteps.Select(f => f * power).First(v => v >= max);
    }

    private static string Day(DateOnly day) => day.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

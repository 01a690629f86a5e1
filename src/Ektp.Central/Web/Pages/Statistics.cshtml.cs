using System.Globalization;
using System.Security;
using System.Text;
using Ektp.Central.Data;
using Ektp.Central.Statistics;
using Ektp.Core.Lifecycle;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ektp.Central.Web.Pages;

/// <summary>The national figures of `GET /api/stats`, as tables and a bar chart of packets per day.</summary>
[Authorize(Policy = EktpPolicies.CentralReports)]
internal sealed class StatisticsModel(CentralDbContext db, UiText text) : PageModel
{
    public CentralStats Stats { get; private set; } = null!;

    /// <summary>Packets per day over all regions, the last 31 days that had any.</summary>
    public IReadOnlyList<(DateOnly Day, int Packets)> PerDay { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await StatsApi.ComputeAsync(db, ct);
        PerDay = [.. Stats.ReceivedPerRegionAndDay.GroupBy(r => r.Day).OrderBy(g => g.Key).TakeLast(31)
            .Select(g => (g.Key, g.Sum(r => r.Packets)))];
    }

    /// <summary>Packets per day as an inline SVG bar chart (no script, nothing loaded).</summary>
    public string ChartSvg(string title)
    {
        const double bar = 22, space = 6, height = 140, top = 16;
        var max = Math.Max(1, PerDay.Max(d => d.Packets));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" id=\"chart\" role=\"img\" width=\"{N((PerDay.Count * (bar + space)) + 10)}\" ");
        svg.Append(CultureInfo.InvariantCulture,
            $"height=\"{N(height + top + 34)}\"><title>{SecurityElement.Escape(title)}</title>");
        for (var i = 0; i < PerDay.Count; i++)
        {
            var (day, packets) = PerDay[i];
            var h = height * packets / max;
            var x = 5 + (i * (bar + space));
            var middle = N(x + (bar / 2));
            var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{N(x)}\" y=\"{N(top + height - h)}\" width=\"{N(bar)}\" height=\"{N(h)}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{date}: {packets}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{middle}\" y=\"{N(top + height - h - 3)}\" text-anchor=\"middle\">{packets}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{middle}\" y=\"{N(top + height + 14)}\" text-anchor=\"middle\">{date[8..]}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{middle}\" y=\"{N(top + height + 27)}\" text-anchor=\"middle\">{date[5..7]}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string N(double value) => FingerOverlay.N(value);

    public string KindText(string kind) => RecordLifecycle.TryParse(kind, out var status)
        ? (text.English ? RecordLifecycle.DescriptionEnglish(status) : RecordLifecycle.DescriptionIndonesian(status))
        : text.Or("kind." + kind, "");

    /// <summary>A duration in the page's language: "45 s", "3 min 20 s", "2 jam 5 min", "1 hari 4 jam".</summary>
    public string Duration(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "—";
        }

        var span = TimeSpan.FromSeconds(s);
        var (day, hour) = text.English ? ("d", "h") : ("hari", "jam");
        return span.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{s:0.#} s")
            : span.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds} s")
            : span.TotalDays < 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.Hours} {hour} {span.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} {day} {span.Hours} {hour}");
    }
}

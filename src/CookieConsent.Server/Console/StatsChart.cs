using System.Globalization;
using System.Text;

namespace CookieConsent.Server.Console;

/// <summary>One category's counts on one UTC day.</summary>
internal readonly record struct DayCounts(DateOnly Day, long OptIns, long OptOuts)
{
    /// <summary>Opt-ins per choice made (0 to 1), or <see langword="null"/> on a day without choices.</summary>
    public double? Rate => OptIns + OptOuts == 0 ? null : (double)OptIns / (OptIns + OptOuts);
}

/// <summary>
/// A server-drawn SVG bar chart of one category's daily opt-in rate: <c>role="img"</c> with a <c>&lt;title&gt;</c> and
/// a <c>&lt;desc&gt;</c> that say what it shows in words; the page puts the same numbers in a table beside it.
/// </summary>
internal static class StatsChart
{
    private const int Width = 640;
    private const int Height = 200;
    private const int Left = 44;
    private const int Bottom = 24;
    private const int Top = 8;

    public static string Render(string id, string title, string description, IReadOnlyList<DayCounts> days)
    {
        var svg = new StringBuilder(2048);
        var plotHeight = Height - Top - Bottom;
        var plotWidth = Width - Left - 8;
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"cx-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">").Append(ConsoleHtml.Encode(title)).Append("</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">").Append(ConsoleHtml.Encode(description)).Append("</desc>");
        foreach (var percent in new[] { 0, 50, 100 })
        {
            var y = Top + plotHeight - (plotHeight * percent / 100.0);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"cx-chart__grid\" x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"cx-chart__label\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{percent}%</text>");
        }
        var slot = (double)plotWidth / Math.Max(1, days.Count);
        var barWidth = Math.Max(1, slot * 0.7);
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].Rate is not { } rate)
            {
                continue;
            }
            var barHeight = Math.Max(1, plotHeight * rate);
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"cx-chart__bar\" x=\"{x:0.##}\" y=\"{Top + plotHeight - barHeight:0.##}\" width=\"{barWidth:0.##}\" height=\"{barHeight:0.##}\"/>");
        }
        if (days.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"cx-chart__label\" x=\"{Left}\" y=\"{Height - 6}\">{days[0].Day:yyyy-MM-dd}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"cx-chart__label\" x=\"{Width - 8}\" y=\"{Height - 6}\" text-anchor=\"end\">{days[^1].Day:yyyy-MM-dd}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}

using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web.Pages;

/// <summary>Stacked bars per day drawn as inline SVG on the server (no JavaScript), with a data table for screen readers.</summary>
internal static class SeverityChart
{
    private static readonly (Severity Severity, string Color)[] s_series =
    [
        (Severity.Critical, "#7a0000"), (Severity.Error, "#b00020"), (Severity.Warning, "#e0a800"),
        (Severity.Notice, "#1e88e5"), (Severity.Info, "#43a047"),
    ];

    public static string Render(IReadOnlyList<(DateOnly Day, SeverityCounts Runs)> days, string caption)
    {
        const int width = 720, height = 240, left = 40, bottom = 28, top = 10;
        var max = Math.Max(1, days.Max(d => d.Runs.Total - d.Runs.Debug));
        var barWidth = (width - left - 10) / (double)Math.Max(1, days.Count);
        var plot = height - bottom - top;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure><svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title id=\"chart-title\">").Append(Html.E(caption)).Append("</title>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width}\" y2=\"{top + plot}\" stroke=\"#444\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\" font-size=\"11\">{max}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + plot}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var (day, runs) = days[i];
            var x = left + (i * barWidth) + 2;
            double y = top + plot;
            foreach (var (severity, color) in s_series.Reverse())
            {
                var n = runs[severity];
                if (n == 0)
                {
                    continue;
                }

                var h = plot * n / (double)max;
                y -= h;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(1, barWidth - 4):0.#}\" height=\"{h:0.#}\" fill=\"{color}\"><title>{day:yyyy-MM-dd}: {n} {Html.SeverityName(severity)}</title></rect>");
            }

            if (i % Math.Max(1, days.Count / 7) == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2):0.#}\" y=\"{height - 8}\" text-anchor=\"middle\" font-size=\"11\">{day:MM-dd}</text>");
            }
        }

        sb.Append("</svg><figcaption>").Append(Html.E(caption)).Append(". ");
        foreach (var (severity, color) in s_series)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{color}\"/></svg> {Html.SeverityName(severity)}</span> ");
        }

        sb.Append("</figcaption></figure><details><summary>Chart data as a table</summary><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Day</th>");
        foreach (var (severity, _) in s_series)
        {
            sb.Append("<th scope=\"col\">").Append(Html.SeverityName(severity)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var (day, runs) in days)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{day:yyyy-MM-dd}</th>");
            foreach (var (severity, _) in s_series)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<td>{runs[severity]}</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table></div></details>").ToString();
    }
}

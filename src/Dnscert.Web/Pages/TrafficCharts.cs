using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web.Pages;

/// <summary>
/// The traffic page's time charts as inline SVG drawn on the server (no JavaScript, no CDN): queries per second per
/// bucket and the detection windows per detector on the same capture-time axis, each with a data table.
/// </summary>
internal static class TrafficCharts
{
    private const int Width = 720;
    private const int Left = 64;
    private const int Right = 10;

    /// <summary>Queries per second of each bucket (queries divided by the bucket width) as a line with a zero baseline.</summary>
    public static string QueryRate(IReadOnlyList<TrafficBucket> buckets, TimeSpan width)
    {
        const int height = 220, top = 10, bottom = 28;
        var seconds = Math.Max(1, width.TotalSeconds);
        var rates = buckets.Select(b => b.Queries / seconds).ToList();
        var max = Math.Max(1, rates.Count == 0 ? 1 : rates.Max());
        var plot = height - top - bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure><svg id=\"chart-qps\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"qps-title\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title id=\"qps-title\">Queries per second per bucket</title>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{top + plot}\" x2=\"{Width - Right}\" y2=\"{top + plot}\" stroke=\"#444\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{top + 10}\" text-anchor=\"end\" font-size=\"11\">{max:0.#}/s</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{top + plot}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        if (buckets.Count > 0)
        {
            var step = buckets.Count == 1 ? 0 : (Width - Left - Right) / (double)(buckets.Count - 1);
            var path = new StringBuilder();
            for (var i = 0; i < buckets.Count; i++)
            {
                var x = Left + (i * step);
                var y = top + plot - (rates[i] / max * plot);
                path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{x:0.#},{y:0.#} ");
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2.5\" fill=\"#1f5fa8\"><title>{buckets[i].Start.UtcDateTime:HH:mm:ss}: {rates[i]:0.##} queries/s</title></circle>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{height - 8}\" font-size=\"11\">{buckets[0].Start.UtcDateTime:yyyy-MM-dd HH:mm}</text>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{height - 8}\" text-anchor=\"end\" font-size=\"11\">{buckets[^1].Start.UtcDateTime:HH:mm} UTC</text>");
        }

        sb.Append("</svg><figcaption>Queries per second in each bucket of ").Append(Html.E(Seconds(width))).Append(" (capture time, UTC).</figcaption></figure>")
            .Append("<details><summary>Chart data as a table</summary><div class=\"scroll\"><table id=\"buckets\"><thead><tr><th scope=\"col\">Bucket start</th><th scope=\"col\">Messages</th><th scope=\"col\">Queries</th><th scope=\"col\">Responses</th><th scope=\"col\">Queries/s</th><th scope=\"col\">Unique clients</th></tr></thead><tbody>");
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{b.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss}</th><td>{b.Messages}</td><td>{b.Queries}</td><td>{b.Responses}</td><td>{rates[i]:0.##}</td><td>~{b.UniqueClients}</td></tr>");
        }

        return sb.Append("</tbody></table></div></details>").ToString();
    }

    /// <summary>One row per detector, one bar per detection window, on the capture's time axis.</summary>
    public static string Timeline(IReadOnlyList<TrafficDetectionEntry> detections, DateTimeOffset from, DateTimeOffset to)
    {
        var detectors = detections.Select(d => d.DetectorId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        const int row = 22, top = 6, bottom = 24, label = 130;
        var height = top + bottom + (Math.Max(1, detectors.Count) * row);
        var start = detections.Count == 0 ? from : new DateTimeOffset(Math.Min(from.UtcTicks, detections.Min(d => d.WindowStart.UtcTicks)), TimeSpan.Zero);
        var end = detections.Count == 0 ? to : new DateTimeOffset(Math.Max(to.UtcTicks, detections.Max(d => d.WindowEnd.UtcTicks)), TimeSpan.Zero);
        var span = Math.Max(1, (end - start).TotalSeconds);
        var plotWidth = Width - label - Right;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<figure><svg id=\"chart-detections\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"det-title\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"det-title\">Detection windows per detector: {detections.Count}</title>");
        for (var i = 0; i < detectors.Count; i++)
        {
            var y = top + (i * row);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{label - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\">{Html.E(detectors[i])}</text>")
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"{label}\" y1=\"{y + row - 2}\" x2=\"{Width - Right}\" y2=\"{y + row - 2}\" stroke=\"#ddd\"/>");
            foreach (var d in detections.Where(d => d.DetectorId == detectors[i]))
            {
                var x = label + ((d.WindowStart - start).TotalSeconds / span * plotWidth);
                var w = Math.Max(2, (d.WindowEnd - d.WindowStart).TotalSeconds / span * plotWidth);
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"detection\" x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{row - 8}\" fill=\"{Color(d.Severity)}\"><title>{d.WindowStart.UtcDateTime:HH:mm:ss}–{d.WindowEnd.UtcDateTime:HH:mm:ss} {Html.E(d.Subject)}: {Html.E(d.Summary)}</title></rect>");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{label}\" y=\"{height - 6}\" font-size=\"11\">{start.UtcDateTime:yyyy-MM-dd HH:mm:ss}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{height - 6}\" text-anchor=\"end\" font-size=\"11\">{end.UtcDateTime:HH:mm:ss} UTC</text>")
            .Append("</svg><figcaption>Detection windows (red: error, amber: warning) along the capture time.</figcaption></figure>");
        return sb.ToString();
    }

    private static string Color(Severity severity) => severity >= Severity.Error ? "#b00020" : "#e0a800";

    private static string Seconds(TimeSpan width) => width.TotalSeconds >= 60 && width.TotalSeconds % 60 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{width.TotalMinutes:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{width.TotalSeconds:0} s");
}

using System.Globalization;
using System.Net;
using System.Text;
using Dnscert.Reports.Gaps;

namespace Dnscert.Reports.Rendering;

/// <summary>
/// Inline SVG charts written by hand: a report must open offline and print to PDF without scripts, and three chart
/// shapes do not justify a charting library. Every chart has a title and a text description for screen readers.
/// </summary>
public static class SvgCharts
{
    private const int Width = 720;
    private const int BarHeight = 18;

    /// <summary>Daily values as a line with a zero baseline; the y axis is labelled with its maximum.</summary>
    public static string TimeSeries(string title, IReadOnlyList<(DateOnly Day, long Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int height = 220;
        const int left = 48;
        const int bottom = 28;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Value));
        var plotWidth = Width - left - 10;
        var plotHeight = height - bottom - 10;
        var sb = Open(title, Width, height, $"{points.Count} days, maximum {max}");
        sb.Append(Inv($"<line x1=\"{left}\" y1=\"{10 + plotHeight}\" x2=\"{Width - 10}\" y2=\"{10 + plotHeight}\" stroke=\"#555\"/>"));
        sb.Append(Inv($"<text x=\"{left - 4}\" y=\"16\" text-anchor=\"end\" font-size=\"11\">{max}</text><text x=\"{left - 4}\" y=\"{10 + plotHeight}\" text-anchor=\"end\" font-size=\"11\">0</text>"));
        if (points.Count > 0)
        {
            var step = points.Count == 1 ? 0 : (double)plotWidth / (points.Count - 1);
            var path = new StringBuilder();
            for (var i = 0; i < points.Count; i++)
            {
                var x = left + (i * step);
                var y = 10 + plotHeight - ((double)points[i].Value / max * plotHeight);
                path.Append(Inv($"{(i == 0 ? "M" : "L")}{x:0.#},{y:0.#} "));
            }

            sb.Append(Inv($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>"));
            sb.Append(Inv($"<text x=\"{left}\" y=\"{height - 8}\" font-size=\"11\">{points[0].Day:yyyy-MM-dd}</text>"));
            sb.Append(Inv($"<text x=\"{Width - 10}\" y=\"{height - 8}\" text-anchor=\"end\" font-size=\"11\">{points[^1].Day:yyyy-MM-dd}</text>"));
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars, one per label, each with its value written next to it (at most <paramref name="limit"/> bars).</summary>
    public static string Bars(string title, IReadOnlyList<KeyValuePair<string, long>> values, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shown = values.Take(limit).ToList();
        const int labelWidth = 220;
        var height = 10 + (Math.Max(1, shown.Count) * (BarHeight + 4));
        var max = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(v => v.Value));
        var sb = Open(title, Width, height, string.Join(", ", shown.Select(v => Inv($"{v.Key}: {v.Value}"))));
        for (var i = 0; i < shown.Count; i++)
        {
            var y = 5 + (i * (BarHeight + 4));
            var w = (double)shown[i].Value / max * (Width - labelWidth - 70);
            sb.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\" font-size=\"12\">{Escape(shown[i].Key)}</text>"));
            sb.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{BarHeight}\" fill=\"#1f5fa8\"/>"));
            sb.Append(Inv($"<text x=\"{labelWidth + w + 4:0.#}\" y=\"{y + 13}\" font-size=\"12\">{shown[i].Value}</text>"));
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>The gap matrix as a heat map: rows threat types, columns regions; colour by weight, a cross on gaps.</summary>
    public static string HeatMap(string title, IReadOnlyList<GapCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var threats = cells.Select(c => c.ThreatTypeId).Distinct().Order(StringComparer.Ordinal).ToList();
        var regions = cells.Select(c => c.Region).Distinct().Order(StringComparer.Ordinal).ToList();
        const int labelWidth = 220;
        const int cell = 52;
        const int top = 90;
        var width = labelWidth + (Math.Max(1, regions.Count) * cell) + 10;
        var height = top + (Math.Max(1, threats.Count) * cell) + 10;
        var max = cells.Count == 0 ? 1 : Math.Max(1, cells.Max(c => c.Weight));
        var sb = Open(title, width, height, $"{cells.Count(c => c.IsGap)} of {cells.Count} observed cells have a gap");
        for (var r = 0; r < regions.Count; r++)
        {
            var x = labelWidth + (r * cell) + (cell / 2);
            sb.Append(Inv($"<text transform=\"translate({x},{top - 6}) rotate(-45)\" font-size=\"11\">{Escape(regions[r])}</text>"));
        }

        for (var t = 0; t < threats.Count; t++)
        {
            var y = top + (t * cell);
            sb.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"end\" font-size=\"11\">{Escape(threats[t])}</text>"));
            for (var r = 0; r < regions.Count; r++)
            {
                var x = labelWidth + (r * cell);
                var found = cells.FirstOrDefault(c => c.ThreatTypeId == threats[t] && c.Region == regions[r]);
                if (found is null)
                {
                    sb.Append(Inv($"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"#f2f2f2\"/>"));
                    continue;
                }

                var level = 0.15 + (0.85 * found.Weight / max);
                var label = $"{found.ThreatTypeId} / {found.Region}: {found.Affected}; missing: {string.Join(", ", found.Missing).ToLowerInvariant()}{(found.IsLanguageGap ? $"; no speaker of: {string.Join(", ", found.MissingLanguages)}" : "")}";
                sb.Append(Inv($"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"#b22222\" fill-opacity=\"{level:0.##}\"><title>{Escape(label)}</title></rect>"));
                sb.Append(Inv($"<text x=\"{x + (cell / 2) - 1}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"middle\" font-size=\"11\">{found.Affected}{(found.IsGap ? " ✕" : "")}</text>"));
            }
        }

        return sb.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, int width, int height, string description) =>
        new StringBuilder().Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" style=\"max-width:{width}px\" font-family=\"sans-serif\">"))
            .Append("<title>").Append(Escape(title)).Append("</title><desc>").Append(Escape(description)).Append("</desc>");

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using static Dnscert.Reports.Rendering.SvgCharts;

namespace Dnscert.Reports.Rendering;

/// <summary>
/// Renders a report as one self-contained HTML page (inline CSS and SVG, no scripts, no external resources) so it can
/// be mailed, archived and printed to PDF by headless Chromium exactly as shown.
/// </summary>
public static class HtmlReport
{
    public static string Render(ReportContent report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lang = report.Language;
        string T(string key) => ReportText.Get(key, lang);
        var title = T(report.Kind switch { ReportKind.Health => "title.health", ReportKind.Gaps => "title.gaps", _ => "title.threats" });
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title><style>");
        sb.Append("body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse;margin:.5rem 0}");
        sb.Append("th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}td.n{text-align:right}section{page-break-inside:avoid;margin-bottom:1.5rem}");
        sb.Append("</style></head><body>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{Escape(title)}</h1>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{T("period")}: {report.Period.From:yyyy-MM-dd} – {report.Period.To:yyyy-MM-dd}. {T("generated")}: {report.Generated:yyyy-MM-dd HH:mm} UTC.</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p><strong>{T("total")}: <span id=\"total\">{report.TotalAffected}</span></strong></p>");

        if (report.Kind == ReportKind.Gaps)
        {
            Section(sb, T("gaps"), HeatMap(T("gaps"), report.Gaps));
            var rows = report.Gaps.Select(g => new[]
            {
                g.ThreatTypeId, g.Region, g.Affected.ToString(CultureInfo.InvariantCulture), g.Weight.ToString("0.##", CultureInfo.InvariantCulture),
                string.Join(", ", g.Missing).ToLowerInvariant(),
                string.Join(", ", g.MissingLanguages),
            });
            Table(sb, [T("col.threat"), T("col.region"), T("col.count"), T("col.weight"), T("gap.missing"), T("gap.languages")], rows, T("none"));
        }
        else
        {
            Section(sb, T("daily"), TimeSeries(T("daily"), [.. report.Daily.Select(d => (d.Day, d.Active))]));
            Section(sb, T("by.threat"), Bars(T("by.threat"), report.ByThreatType));
            Section(sb, T("by.tld"), Bars(T("by.tld"), report.ByTld));
            NamedCounts(sb, T("by.region"), report.ByRegion, T);
            NamedCounts(sb, T("by.source"), report.BySource, T);
            NamedCounts(sb, T("by.severity"), [.. report.Severities.Select(s => new KeyValuePair<string, long>(s.Key.ToString().ToLowerInvariant(), s.Value))], T);
            sb.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("rates")}</h2>");
            Table(sb, [T("col.tld"), T("col.month"), T("col.size"), T("col.median"), T("col.rate")], report.Rates.Select(r => new[]
            {
                r.Tld, $"{r.Year:0000}-{r.Month:00}", r.TldSize.ToString(CultureInfo.InvariantCulture),
                r.MedianAffected.ToString("0.##", CultureInfo.InvariantCulture), r.MedianPer10k.ToString("0.###", CultureInfo.InvariantCulture),
            }), T("none"));
            sb.Append("</section>");
            sb.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("mitigation")}</h2>");
            Table(sb, [T("col.threat"), T("col.resolved"), T("col.mean")], report.Mitigation.Select(m => new[]
            {
                m.ThreatTypeId, m.Resolved.ToString(CultureInfo.InvariantCulture), m.Mean.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
            }), T("none"));
            sb.Append("</section>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<section><h2>{T("method")}</h2><p>{Escape(T("method.text"))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{T("sources")}: {Escape(string.Join(", ", report.BySource.Select(s => $"{s.Key} ({s.Value})")))}</p></section>");
        return sb.Append("</body></html>").ToString();
    }

    private static void Section(StringBuilder sb, string heading, string svg) =>
        sb.Append("<section><h2>").Append(Escape(heading)).Append("</h2>").Append(svg).Append("</section>");

    private static void NamedCounts(StringBuilder sb, string heading, IReadOnlyList<KeyValuePair<string, long>> values, Func<string, string> t)
    {
        sb.Append("<section><h2>").Append(Escape(heading)).Append("</h2>");
        Table(sb, [t("col.name"), t("col.count")], values.Select(v => new[] { v.Key, v.Value.ToString(CultureInfo.InvariantCulture) }), t("none"));
        sb.Append("</section>");
    }

    private static void Table(StringBuilder sb, string[] headers, IEnumerable<string[]> rows, string empty)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            sb.Append("<p>").Append(Escape(empty)).Append("</p>");
            return;
        }

        sb.Append("<table><thead><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th scope=\"col\">").Append(Escape(h)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in list)
        {
            sb.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(i == 0 ? "<td>" : "<td class=\"n\">").Append(Escape(row[i])).Append("</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
    }
}

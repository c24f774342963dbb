using System.Globalization;
using System.Text;
using Dnscert.Core.Store;
using static Dnscert.Reports.Rendering.SvgCharts;

namespace Dnscert.Reports.Rendering;

/// <summary>
/// The parts of a published report that are not numbers: the publication header stored with the report (title, TLP
/// marking, who published it and when) and, for exports, the consultation appended to the stored page (comments,
/// tally, and for a closed consultation the summary of stances by organisation). Everything typed by people is encoded.
/// </summary>
public static class ConsultationHtml
{
    /// <summary>Inserts the publication header after <c>&lt;body&gt;</c> of a rendered report, before it is stored and hashed.</summary>
    public static string WithPublication(string html, string title, Tlp tlp, string publishedBy, DateTimeOffset publishedAt, string language)
    {
        ArgumentNullException.ThrowIfNull(html);
        string T(string key) => ReportText.Get(key, language);
        var marking = TlpLabel(tlp);
        var header = $"<p class=\"marking\"><strong>{marking}</strong></p><p class=\"publication\"><strong>{Escape(title)}</strong><br>"
            + string.Create(CultureInfo.InvariantCulture, $"{T("published")}: {publishedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {T("published.by")} {Escape(publishedBy)}.</p>");
        return Insert(html, "<body>", header, after: true);
    }

    /// <summary>
    /// The stored page with the consultation appended before <c>&lt;/body&gt;</c>: state, tally, comments in order, and
    /// when closed the summary of stances per organisation. <paramref name="organisationName"/> turns a stakeholder id into its name.
    /// </summary>
    public static string WithConsultation(PublishedReport report, IReadOnlyList<ReportComment> comments, ReportTally tally, DateTimeOffset now, Func<string, string> organisationName)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(organisationName);
        string T(string key) => ReportText.Get(key, report.Language);
        var open = report.IsOpenAt(now);
        var sb = new StringBuilder("<section id=\"consultation\"><h2>").Append(Escape(T(open ? "consultation" : "consultation.summary"))).Append("</h2><p>");
        if (open)
        {
            sb.Append(report.CommentsUntil is { } until ? Escape(T("consultation.open")) + string.Create(CultureInfo.InvariantCulture, $" {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC.") : Escape(T("consultation.open.unbounded")));
        }
        else
        {
            var closed = report.ClosedAt ?? report.CommentsUntil ?? now;
            sb.Append(Escape(T("consultation.closed"))).Append(string.Create(CultureInfo.InvariantCulture, $" {closed.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
        }

        sb.Append(CultureInfo.InvariantCulture, $" {Escape(T("hash"))}: <code>{report.Sha256}</code></p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{Escape(T("comments.count"))}: <span id=\"comment-count\">{comments.Count}</span>. ")
            .Append(CultureInfo.InvariantCulture, $"{Escape(T("stance.supports"))}: <span id=\"tally-supports\">{tally.Supports}</span>, ")
            .Append(CultureInfo.InvariantCulture, $"{Escape(T("stance.supports-with-reservations"))}: <span id=\"tally-reservations\">{tally.SupportsWithReservations}</span>, ")
            .Append(CultureInfo.InvariantCulture, $"{Escape(T("stance.opposes"))}: <span id=\"tally-opposes\">{tally.Opposes}</span>.</p>");
        if (!open)
        {
            sb.Append("<table id=\"stances-by-organisation\"><thead><tr>")
                .Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{Escape(T("col.organisation"))}</th><th scope=\"col\">{Escape(T("comments"))}</th><th scope=\"col\">{Escape(T("stance.supports"))}</th>")
                .Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{Escape(T("stance.supports-with-reservations"))}</th><th scope=\"col\">{Escape(T("stance.opposes"))}</th></tr></thead><tbody>");
            var commentsByOrganisation = comments.GroupBy(c => c.Organisation ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var organisations = tally.ByOrganisation.Select(o => o.Organisation).Concat(commentsByOrganisation.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var org in organisations)
            {
                var stances = tally.ByOrganisation.FirstOrDefault(o => o.Organisation == org);
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Escape(org.Length == 0 ? "—" : organisationName(org))}</td><td class=\"n\">{commentsByOrganisation.GetValueOrDefault(org)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{stances.Supports}</td><td class=\"n\">{stances.SupportsWithReservations}</td><td class=\"n\">{stances.Opposes}</td></tr>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Escape(T("total.row"))}</th><td class=\"n\">{comments.Count}</td><td class=\"n\">{tally.Supports}</td><td class=\"n\">{tally.SupportsWithReservations}</td><td class=\"n\">{tally.Opposes}</td></tr></tbody></table>");
        }

        sb.Append("<h3>").Append(Escape(T("comments"))).Append("</h3>");
        if (comments.Count == 0)
        {
            sb.Append("<p>").Append(Escape(T("comments.none"))).Append("</p>");
        }
        else
        {
            sb.Append("<ol class=\"comments\">");
            foreach (var c in comments)
            {
                var who = c.Organisation is null ? Escape(c.Author) : $"{Escape(c.Author)} ({Escape(organisationName(c.Organisation))})";
                sb.Append(CultureInfo.InvariantCulture, $"<li><p><strong>{who}</strong>, {c.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC</p><p class=\"comment-text\">")
                    .Append(Escape(c.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p></li>");
            }

            sb.Append("</ol>");
        }

        sb.Append("</section>");
        return Insert(report.Html, "</body>", sb.ToString(), after: false);
    }

    /// <summary>The TLP 2.0 label as written on documents: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED.</summary>
    public static string TlpLabel(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "TLP:CLEAR",
        Tlp.Green => "TLP:GREEN",
        Tlp.Amber => "TLP:AMBER",
        Tlp.AmberStrict => "TLP:AMBER+STRICT",
        Tlp.Red => "TLP:RED",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "unknown TLP"),
    };

    private static string Insert(string html, string tag, string fragment, bool after)
    {
        var at = after ? html.IndexOf(tag, StringComparison.Ordinal) : html.LastIndexOf(tag, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"the report page has no {tag}", nameof(html));
        }

        var position = after ? at + tag.Length : at;
        return string.Concat(html.AsSpan(0, position), fragment, html.AsSpan(position));
    }
}

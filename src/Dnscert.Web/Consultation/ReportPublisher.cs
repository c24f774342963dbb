using System.Globalization;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Reports.Gaps;
using Dnscert.Reports.Rendering;
using Dnscert.Reports.Statistics;

namespace Dnscert.Web.Consultation;

/// <summary>
/// Publishes a report: computes it once from the store's statistics, renders its HTML (with the title and TLP marking)
/// and JSON, hashes both and stores them; from then on every reader gets those bytes, never a recomputation. Used by
/// the web form and by <c>dnscert report publish</c>.
/// </summary>
public sealed class ReportPublisher
{
    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;

    public ReportPublisher(IDnscertStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>
    /// Renders and stores the report. <paramref name="capabilities"/> null takes the stakeholder directory of the store
    /// (gap reports); <paramref name="commentsUntil"/> null leaves the consultation open until it is closed.
    /// Throws <see cref="DnscertException"/> naming the bad value.
    /// </summary>
    public async Task<PublishedReport> PublishAsync(
        ReportKind kind,
        StatisticsPeriod period,
        string language,
        Tlp tlp,
        string title,
        DateTimeOffset? commentsUntil,
        string publishedBy,
        IReadOnlyDictionary<string, long>? tldSizes = null,
        IReadOnlyList<Capability>? capabilities = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentException.ThrowIfNullOrEmpty(publishedBy);
        var now = _time.GetUtcNow();
        var cleanTitle = CheckTitle(title);
        if (tlp == Tlp.Red)
        {
            throw new DnscertException("A published report cannot be TLP:RED: TLP:RED names people, and a report is addressed to the community; use amber+strict for the instance's own team.");
        }

        if (!ReportText.IsSupported(language))
        {
            throw new DnscertException($"Report language '{language}' is not supported; use one of {string.Join(", ", ReportText.Languages)}.");
        }

        if (commentsUntil is { } until && until <= now)
        {
            throw new DnscertException($"The closing date of the consultation ({until.UtcDateTime:yyyy-MM-dd HH:mm} UTC) is not in the future.");
        }

        var summary = await _store.ObservationStatistics.ReadSummaryAsync(period.From, period.To, cancellationToken);
        var caps = capabilities ?? (kind == ReportKind.Gaps ? await new DirectoryCapabilitySource(_store).ListAsync(cancellationToken) : []);
        var content = ReportContent.Build(kind, language, summary, period, now, tldSizes ?? new Dictionary<string, long>(), caps);
        var html = ConsultationHtml.WithPublication(HtmlReport.Render(content), cleanTitle, tlp, publishedBy, now, language);
        var json = ReportExport.Json(content);
        var report = new PublishedReport(
            Guid.CreateVersion7(), kind.ToString().ToLowerInvariant(), cleanTitle, period.From, period.To, language, tlp, publishedBy, now,
            PublishedReport.HashOf(html, json), html, json, commentsUntil, null, null);
        await _store.PublishedReports.AddAsync(report, cancellationToken);
        return report;
    }

    /// <summary>threats, health or gaps; null for anything else.</summary>
    public static ReportKind? ParseKind(string? text) => text switch
    {
        "threats" => ReportKind.Threats,
        "health" => ReportKind.Health,
        "gaps" => ReportKind.Gaps,
        _ => null,
    };

    /// <summary>
    /// A closing date as typed: empty (none), YYYY-MM-DD (comments until the end of that UTC day) or an ISO 8601 time
    /// with its offset. Throws <see cref="DnscertException"/> for anything else.
    /// </summary>
    public static DateTimeOffset? ParseClosing(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return t.Length <= 40 && t.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && (t.EndsWith('Z') || t.LastIndexOfAny(['+', '-']) > t.IndexOf('T', StringComparison.Ordinal))
            ? time.ToUniversalTime()
            : throw new DnscertException($"'{(t.Length > 40 ? t[..40] + "…" : t)}' is not a closing date: use YYYY-MM-DD (until the end of that day, UTC) or a time with its offset (2026-07-01T12:00:00Z).");
    }

    /// <summary>A title is one line of 1 to <see cref="PublishedReport.MaxTitleLength"/> characters without control characters.</summary>
    public static string CheckTitle(string? title)
    {
        var t = title?.Trim() ?? "";
        if (t.Length == 0)
        {
            throw new DnscertException("The report needs a title.");
        }

        if (t.Length > PublishedReport.MaxTitleLength)
        {
            throw new DnscertException($"The title is {t.Length} characters long; the limit is {PublishedReport.MaxTitleLength}.");
        }

        var bad = t.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        return bad >= 0 || t.Contains('\u007f', StringComparison.Ordinal)
            ? throw new DnscertException($"The title contains a control character at position {(bad >= 0 ? bad : t.IndexOf('\u007f', StringComparison.Ordinal)) + 1}; it must be one line of text.")
            : t;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dnscert.Core.Store;
using Dnscert.Reports.Rendering;

namespace Dnscert.Web.Consultation;

/// <summary>
/// A published report together with its consultation, as the API, the <c>.json</c> page and <c>dnscert report show</c>
/// give it: the stored report (its JSON numbers as published), the tally, one keyset page of comments and the whole
/// stance history. Organisation names come from the stakeholder directory at reading time.
/// </summary>
public sealed record ConsultationDocument(
    PublishedReportHead Report,
    JsonElement Content,
    ReportTallyView Tally,
    IReadOnlyList<ReportCommentView> Comments,
    string? NextComments,
    IReadOnlyList<ReportStanceView> StanceHistory)
{
    /// <summary>The API's JSON spelling (snake_case, enums in kebab-case), for the CLI that has no HTTP pipeline.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
    };

    /// <summary>The document of report <paramref name="id"/> as <paramref name="viewer"/> may see it, or null.</summary>
    public static async Task<ConsultationDocument?> ReadAsync(IDnscertStore store, Guid id, Viewer viewer, ReportCommentCursor? after, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.PublishedReports.GetAsync(id, viewer, cancellationToken) is not { } report)
        {
            return null;
        }

        var page = await store.PublishedReports.ListCommentsAsync(id, viewer, after, limit, cancellationToken);
        var stances = await store.PublishedReports.ListStancesAsync(id, viewer, cancellationToken);
        var names = await OrganisationNamesAsync(store, cancellationToken);
        using var content = JsonDocument.Parse(report.Json);
        return new ConsultationDocument(
            PublishedReportHead.Of(report, now),
            content.RootElement.Clone(),
            ReportTallyView.Of(ReportTally.Of(stances)),
            [.. page.Items.Select(c => ReportCommentView.Of(c, names))],
            page.Next is null ? null : FormatCursor(page.Next),
            [.. stances.Select(s => new ReportStanceView(s.UserName, s.Organisation, ReportStanceText.Of(s.Stance), s.At))]);
    }

    /// <summary>The document with every comment (the store keeps at most 10,000 per report) and no next page.</summary>
    public static async Task<ConsultationDocument?> ReadCompleteAsync(IDnscertStore store, Guid id, Viewer viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var document = await ReadAsync(store, id, viewer, null, 1000, now, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var comments = document.Comments.ToList();
        var names = await OrganisationNamesAsync(store, cancellationToken);
        for (var next = ParseCursor(document.NextComments); next is not null;)
        {
            var page = await store.PublishedReports.ListCommentsAsync(id, viewer, next, 1000, cancellationToken);
            comments.AddRange(page.Items.Select(c => ReportCommentView.Of(c, names)));
            next = page.Next;
        }

        return document with { Comments = comments, NextComments = null };
    }

    /// <summary>
    /// The stored HTML page with its consultation appended (every comment, the tally and, once closed, the summary by
    /// organisation): what <c>report show --format html|pdf</c> and the web's export give.
    /// </summary>
    public static async Task<string?> HtmlAsync(IDnscertStore store, Guid id, Viewer viewer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.PublishedReports.GetAsync(id, viewer, cancellationToken) is not { } report)
        {
            return null;
        }

        var comments = new List<ReportComment>();
        ReportCommentCursor? after = null;
        do
        {
            var page = await store.PublishedReports.ListCommentsAsync(id, viewer, after, 1000, cancellationToken);
            comments.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        var tally = ReportTally.Of(await store.PublishedReports.ListStancesAsync(id, viewer, cancellationToken));
        var names = await OrganisationNamesAsync(store, cancellationToken);
        return ConsultationHtml.WithConsultation(report, comments, tally, now, org => names.GetValueOrDefault(org, org));
    }

    /// <summary>Stakeholder id to name, for showing who commented.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OrganisationNamesAsync(IDnscertStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.Stakeholders.ListAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>A comment cursor as opaque URL text: microseconds since 1970, a dot, the id.</summary>
    public static string FormatCursor(ReportCommentCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return string.Create(CultureInfo.InvariantCulture, $"{(cursor.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}.{cursor.Id:N}");
    }

    /// <summary>Null for empty text; a <see cref="FormatException"/> naming the text when it is not a cursor.</summary>
    public static ReportCommentCursor? ParseCursor(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return text.Length <= 60 && dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            && Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id)
            && micros is > -62_135_596_800_000_000 and < 253_402_300_800_000_000
            ? new ReportCommentCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id)
            : throw new FormatException($"'{(text.Length > 60 ? text[..60] + "…" : text)}' is not a comment cursor");
    }
}

namespace Dnscert.Core.Store;

/// <summary>
/// Published reports and their consultations (docs/reports.md). A report is written once and never changed (the
/// database refuses updates of its content); only its consultation can be closed. Every read takes a
/// <see cref="Viewer"/> and returns only what the report's TLP lets it see.
/// </summary>
public interface IPublishedReportRepository
{
    /// <summary>Stores a new report; an existing id is refused (<see cref="StoreException"/>).</summary>
    Task AddAsync(PublishedReport report, CancellationToken cancellationToken = default);

    /// <summary>The report with its HTML and JSON, or null when missing or not visible.</summary>
    Task<PublishedReport?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default);

    /// <summary>Reports newest first by (published at, id), after <paramref name="after"/>; without HTML and JSON.</summary>
    Task<Page<PublishedReport, PublishedReportCursor>> ListAsync(Viewer viewer, PublishedReportCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Closes the consultation at <paramref name="at"/>; false when missing or already closed by hand.</summary>
    Task<bool> CloseAsync(Guid id, string closedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Adds a comment if the consultation is open at the comment's time (checked in the same transaction).</summary>
    Task<ConsultationOutcome> AddCommentAsync(ReportComment comment, CancellationToken cancellationToken = default);

    /// <summary>Appends a stance to the history if the consultation is open at its time; the tally counts each user's latest.</summary>
    Task<ConsultationOutcome> AddStanceAsync(ReportStanceEntry stance, CancellationToken cancellationToken = default);

    /// <summary>Comments of a report <paramref name="viewer"/> may see, oldest first by (at, id), after <paramref name="after"/>.</summary>
    Task<Page<ReportComment, ReportCommentCursor>> ListCommentsAsync(Guid reportId, Viewer viewer, ReportCommentCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The whole stance history of a report <paramref name="viewer"/> may see, oldest first.</summary>
    Task<IReadOnlyList<ReportStanceEntry>> ListStancesAsync(Guid reportId, Viewer viewer, CancellationToken cancellationToken = default);
}

namespace Dnscert.Core.Store;

/// <summary>
/// One database (SQLite or PostgreSQL) and its repositories. Writes go through one writer per database that
/// batches them into transactions; a write's task completes once it is committed. Failures surface as
/// <see cref="StoreException"/>. Disposing drains the queued writes.
/// </summary>
public interface IDnscertStore : IAsyncDisposable
{
    /// <summary>The database, for messages: "SQLite database /var/lib/dnscert/dnscert.db" or "PostgreSQL database host:port/name".</summary>
    string Description { get; }

    IZoneRepository Zones { get; }

    ICheckRunRepository CheckRuns { get; }

    IEvidenceRepository Evidence { get; }

    IBaselineRepository Baselines { get; }

    IObservationRepository Observations { get; }

    /// <summary>Daily counts of observations for statistics, reports and gap analysis.</summary>
    IObservationStatisticsRepository ObservationStatistics { get; }

    IScheduleRepository Schedule { get; }

    IUserRepository Users { get; }

    IStakeholderRepository Stakeholders { get; }

    IIncidentRepository Incidents { get; }

    /// <summary>Campaigns: one action across many registries, with per-party progress (docs/campaigns.md).</summary>
    ICampaignRepository Campaigns { get; }
    /// <summary>The notification outbox (docs/notifications.md).</summary>
    IOutboxMessageRepository Outbox { get; }
    /// <summary>Scheduler state of the configured abuse feeds.</summary>
    IFeedStatusRepository FeedStatus { get; }
    /// <summary>Traffic statistics of stored captures and live sessions, for the dashboard.</summary>
    ITrafficRepository Traffic { get; }
    /// <summary>Published reports and their consultations: comments and stances (docs/reports.md).</summary>
    IPublishedReportRepository PublishedReports { get; }

    /// <summary>Completes when every write queued before the call is committed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Repositories;
using Dnscert.Store.Sql;
using Dnscert.Store.Writing;
using Microsoft.Extensions.Logging;

namespace Dnscert.Store;

/// <summary>
/// The store over one database. Writes go through the single <see cref="StoreWriter"/>; reads open their own pooled
/// connection, so they never wait behind the writer's queue. Both retry transient errors with a bounded back-off.
/// </summary>
public sealed class DnscertStore : IDnscertStore
{
    private readonly StoreDialect _dialect;
    private readonly Retrier _retrier;
    private readonly StoreWriter _writer;
    private int _disposed;

    internal DnscertStore(StoreDialect dialect, StoreOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _dialect = dialect;
        TimeProvider = timeProvider;
        _retrier = new Retrier(dialect, options, timeProvider, Statistics, logger);
        _writer = new StoreWriter(dialect, options, _retrier, Statistics);
        Zones = new ZoneRepository(this);
        CheckRuns = new CheckRunRepository(this);
        Evidence = new EvidenceRepository(this);
        Baselines = new BaselineRepository(this);
        Observations = new ObservationRepository(this);
        ObservationStatistics = new ObservationStatisticsRepository(this);
        FeedStatus = new FeedStatusRepository(this);
        Schedule = new ScheduleRepository(this);
        Users = new UserRepository(this);
        Stakeholders = new StakeholderRepository(this);
        Incidents = new IncidentRepository(this);
        Campaigns = new CampaignRepository(this);
        Outbox = new OutboxRepository(this);
        Traffic = new TrafficRepository(this);
        PublishedReports = new PublishedReportRepository(this);
    }

    public string Description => _dialect.Description;

    public StoreStatistics Statistics { get; } = new();

    public IZoneRepository Zones { get; }

    public ICheckRunRepository CheckRuns { get; }

    public IEvidenceRepository Evidence { get; }

    public IBaselineRepository Baselines { get; }

    public IObservationRepository Observations { get; }

    public IObservationStatisticsRepository ObservationStatistics { get; }

    public IFeedStatusRepository FeedStatus { get; }

    public IScheduleRepository Schedule { get; }

    public IUserRepository Users { get; }

    public IStakeholderRepository Stakeholders { get; }

    public IIncidentRepository Incidents { get; }

    public ICampaignRepository Campaigns { get; }
    public IOutboxMessageRepository Outbox { get; }
    public ITrafficRepository Traffic { get; }
    public IPublishedReportRepository PublishedReports { get; }

    internal StoreDialect Dialect => _dialect;

    internal TimeProvider TimeProvider { get; }

    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        _writer.WriteAsync("flush", static (_, _) => Task.FromResult<object?>(null), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();
        await _dialect.DisposeAsync();
    }

    internal Task<object?> WriteAsync(string operation, Func<WriteContext, CancellationToken, Task<object?>> execute, CancellationToken cancellationToken) =>
        _writer.WriteAsync(operation, execute, cancellationToken);

    /// <summary>One statement as one write operation.</summary>
    internal async Task<int> ExecuteAsync(string operation, string sql, Action<DbCommand, StoreDialect> bind, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(
            operation,
            async (context, token) =>
            {
                var command = context.Command(sql);
                bind(command, context.Dialect);
                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
        return (int)result!;
    }

    internal Task<T> ReadAsync<T>(string operation, Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        _retrier.RunAsync(
            operation,
            async token =>
            {
                await using var connection = await _dialect.OpenReaderAsync(token);
                return await read(connection, token);
            },
            cancellationToken);

    internal Task<List<T>> QueryAsync<T>(string operation, string sql, Action<DbCommand, StoreDialect> bind, Func<DbDataReader, StoreDialect, T> map, CancellationToken cancellationToken) =>
        ReadAsync(operation, (connection, token) => QueryAsync(connection, sql, bind, map, token), cancellationToken);

    internal async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Action<DbCommand, StoreDialect> bind, Func<DbDataReader, StoreDialect, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command, _dialect);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(map(reader, _dialect));
        }

        return items;
    }
}

using Dnscert.Core;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class ObservationStatisticsRepository : IObservationStatisticsRepository
{
    private const string KeyColumns = "day, tld, region, threat_type, source, severity";

    private const string AddSql =
        $"INSERT INTO observation_daily ({KeyColumns}, active, new_count, resolved, mitigation_seconds) "
        + "VALUES (@day, @tld, @region, @threat, @source, @severity, @active, @new, @resolved, @seconds) "
        + $"ON CONFLICT ({KeyColumns}) DO UPDATE SET active = observation_daily.active + excluded.active, "
        + "new_count = observation_daily.new_count + excluded.new_count, resolved = observation_daily.resolved + excluded.resolved, "
        + "mitigation_seconds = observation_daily.mitigation_seconds + excluded.mitigation_seconds";

    private readonly DnscertStore _store;

    public ObservationStatisticsRepository(DnscertStore store) => _store = store;

    public async Task<IReadOnlyList<KeyValuePair<DailyKey, DailyCounts>>> ReadDailyAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        await _store.QueryAsync(
            "read daily observation statistics",
            $"SELECT {KeyColumns}, active, new_count, resolved, mitigation_seconds FROM observation_daily WHERE day >= @from AND day <= @to "
            + "AND (active <> 0 OR new_count <> 0 OR resolved <> 0 OR mitigation_seconds <> 0)",
            (c, _) => c.With("@from", from.DayNumber).With("@to", to.DayNumber),
            static (r, _) => new KeyValuePair<DailyKey, DailyCounts>(
                new DailyKey(DateOnly.FromDayNumber(r.GetInt32(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (Severity)r.GetInt32(5)),
                new DailyCounts(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9))),
            cancellationToken);

    public async Task<long> RebuildAsync(CancellationToken cancellationToken = default)
    {
        var result = await _store.WriteAsync(
            "rebuild daily observation statistics",
            async (context, token) =>
            {
                await context.Command("DELETE FROM observation_daily").ExecuteNonQueryAsync(token);
                var aggregate = new DailyAggregate();
                long read = 0;
                await using (var reader = await context.Command($"SELECT {ObservationRepository.Columns} FROM observations").ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        aggregate.Apply(null, ObservationRepository.Read(reader, context.Dialect));
                        read++;
                    }
                }

                foreach (var (key, counts) in aggregate.Cells)
                {
                    await AddAsync(context, key, counts, token);
                }

                return read;
            },
            cancellationToken);
        return (long)result!;
    }

    /// <summary>Moves the aggregate from the stored version of an observation to its new one, writing only the cells that change.</summary>
    internal static async Task ApplyAsync(WriteContext context, Observation? previous, Observation current, CancellationToken cancellationToken)
    {
        var delta = new DailyAggregate();
        delta.Apply(previous, current);
        foreach (var (key, counts) in delta.Cells)
        {
            await AddAsync(context, key, counts, cancellationToken);
        }
    }

    private static async Task AddAsync(WriteContext context, DailyKey key, DailyCounts counts, CancellationToken cancellationToken) =>
        await context.Command(AddSql)
            .With("@day", key.Day.DayNumber)
            .With("@tld", key.Tld)
            .With("@region", key.Region)
            .With("@threat", key.ThreatTypeId)
            .With("@source", key.Source)
            .With("@severity", (int)key.Severity)
            .With("@active", counts.Active)
            .With("@new", counts.New)
            .With("@resolved", counts.Resolved)
            .With("@seconds", counts.MitigationSeconds)
            .ExecuteNonQueryAsync(cancellationToken);
}

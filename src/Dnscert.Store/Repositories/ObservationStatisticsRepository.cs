using System.Data.Common;
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

    private const string MonthlyKeyColumns = "month, tld, region, threat_type, source, severity";

    private const string AddMonthlySql =
        $"INSERT INTO observation_monthly ({MonthlyKeyColumns}, new_count, resolved, mitigation_seconds) "
        + "VALUES (@month, @tld, @region, @threat, @source, @severity, @new, @resolved, @seconds) "
        + $"ON CONFLICT ({MonthlyKeyColumns}) DO UPDATE SET new_count = observation_monthly.new_count + excluded.new_count, "
        + "resolved = observation_monthly.resolved + excluded.resolved, mitigation_seconds = observation_monthly.mitigation_seconds + excluded.mitigation_seconds";

    private const string AddDayTldSql =
        "INSERT INTO observation_daily_tld (day, tld, source, active, new_count) VALUES (@day, @tld, @source, @active, @new) "
        + "ON CONFLICT (day, tld, source) DO UPDATE SET active = observation_daily_tld.active + excluded.active, "
        + "new_count = observation_daily_tld.new_count + excluded.new_count";

    private const string SummaryColumns = "tld, region, threat_type, source, severity";

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

    public Task<PeriodSummary> ReadSummaryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }

        return _store.ReadAsync("read period statistics", (connection, token) => ReadSummaryAsync(connection, _store.Dialect, from, to, token), cancellationToken);
    }

    /// <summary>
    /// The first day gives its active observations; every later day its new ones. Whole months after the first day come
    /// from observation_monthly, the partial months at either end from the daily rows (an index range on the day), and
    /// the time series from observation_daily_tld: a year is about 12 monthly rows per key instead of 365 daily ones.
    /// All in one read transaction, so the parts agree with each other.
    /// </summary>
    private static async Task<PeriodSummary> ReadSummaryAsync(DbConnection connection, StoreDialect dialect, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginReadAsync(connection, cancellationToken);
        var totals = new Dictionary<SummaryKey, SummaryCounts>();
        void Add(SummaryKey key, SummaryCounts counts) => totals[key] = totals.GetValueOrDefault(key) + counts;

        await ReadTotalsAsync(
            connection,
            transaction,
            $"SELECT {SummaryColumns}, active, resolved, mitigation_seconds FROM observation_daily WHERE day = @from",
            from.DayNumber,
            from.DayNumber,
            Add,
            cancellationToken);
        foreach (var (first, last, monthly) in Segments(from.AddDays(1), to))
        {
            var sql = monthly
                ? $"SELECT {SummaryColumns}, CAST(SUM(new_count) AS BIGINT), CAST(SUM(resolved) AS BIGINT), CAST(SUM(mitigation_seconds) AS BIGINT) "
                    + $"FROM observation_monthly WHERE month >= @from AND month <= @to GROUP BY {SummaryColumns}"
                : $"SELECT {SummaryColumns}, CAST(SUM(new_count) AS BIGINT), CAST(SUM(resolved) AS BIGINT), CAST(SUM(mitigation_seconds) AS BIGINT) "
                    + $"FROM observation_daily WHERE day >= @from AND day <= @to GROUP BY {SummaryColumns}";
            await ReadTotalsAsync(connection, transaction, sql, first, last, Add, cancellationToken);
        }

        var days = new List<DayTldCounts>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT day, tld, source, active, new_count FROM observation_daily_tld WHERE day >= @from AND day <= @to AND (active <> 0 OR new_count <> 0)";
            command.With("@from", from.DayNumber).With("@to", to.DayNumber);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new DayTldCounts(DateOnly.FromDayNumber(reader.GetInt32(0)), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new PeriodSummary(from, to, [.. totals.Where(t => !t.Value.IsZero)], days);
    }

    private static async Task ReadTotalsAsync(
        DbConnection connection, DbTransaction transaction, string sql, int from, int to, Action<SummaryKey, SummaryCounts> add, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.With("@from", from).With("@to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            add(
                new SummaryKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (Severity)reader.GetInt32(4)),
                new SummaryCounts(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
        }
    }

    /// <summary>
    /// Splits the days <paramref name="first"/>..<paramref name="last"/> into day ranges (partial months) and one
    /// range of whole months (as day numbers of their first days, <c>monthly</c> true).
    /// </summary>
    internal static IEnumerable<(int First, int Last, bool Monthly)> Segments(DateOnly first, DateOnly last)
    {
        var day = first;
        int? firstMonth = null, lastMonth = null;
        while (day <= last)
        {
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            if (day == monthStart && monthEnd <= last)
            {
                firstMonth ??= monthStart.DayNumber;
                lastMonth = monthStart.DayNumber;
                day = monthEnd.AddDays(1);
                continue;
            }

            if (firstMonth is not null)
            {
                yield return (firstMonth.Value, lastMonth!.Value, true);
                firstMonth = null;
            }

            var end = monthEnd < last ? monthEnd : last;
            yield return (day.DayNumber, end.DayNumber, false);
            day = end.AddDays(1);
        }

        if (firstMonth is not null)
        {
            yield return (firstMonth.Value, lastMonth!.Value, true);
        }
    }

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

                await context.Command("DELETE FROM observation_monthly").ExecuteNonQueryAsync(token);
                await context.Command("DELETE FROM observation_daily_tld").ExecuteNonQueryAsync(token);
                await context.Command(
                    $"INSERT INTO observation_monthly ({MonthlyKeyColumns}, new_count, resolved, mitigation_seconds) "
                    + $"SELECT {context.Dialect.MonthStart("day")}, {SummaryColumns}, SUM(new_count), SUM(resolved), SUM(mitigation_seconds) "
                    + $"FROM observation_daily GROUP BY 1, {SummaryColumns}").ExecuteNonQueryAsync(token);
                await context.Command(
                    "INSERT INTO observation_daily_tld (day, tld, source, active, new_count) "
                    + "SELECT day, tld, source, SUM(active), SUM(new_count) FROM observation_daily GROUP BY day, tld, source").ExecuteNonQueryAsync(token);
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
        await ApplyDeltaAsync(context, delta, cancellationToken);
    }

    /// <summary>
    /// Writes a difference of the aggregate (one observation's, or a whole batch's summed in memory, so a batch of
    /// thousands touches each changed cell once) to the daily cells and both rollups.
    /// </summary>
    internal static async Task ApplyDeltaAsync(WriteContext context, DailyAggregate delta, CancellationToken cancellationToken)
    {
        var monthly = new Dictionary<(int Month, SummaryKey Key), DailyCounts>();
        var days = new Dictionary<(int Day, string Tld, string Source), DailyCounts>();
        foreach (var (key, counts) in delta.Cells)
        {
            await AddAsync(context, key, counts, cancellationToken);
            var month = (new DateOnly(key.Day.Year, key.Day.Month, 1).DayNumber, new SummaryKey(key.Tld, key.Region, key.ThreatTypeId, key.Source, key.Severity));
            monthly[month] = monthly.GetValueOrDefault(month) + counts;
            var day = (key.Day.DayNumber, key.Tld, key.Source);
            days[day] = days.GetValueOrDefault(day) + counts;
        }

        // The rollups change only where their own columns do: a day that stays active adds nothing to the month.
        foreach (var ((month, key), counts) in monthly.Where(m => m.Value.New != 0 || m.Value.Resolved != 0 || m.Value.MitigationSeconds != 0))
        {
            await context.Command(AddMonthlySql)
                .With("@month", month)
                .With("@tld", key.Tld)
                .With("@region", key.Region)
                .With("@threat", key.ThreatTypeId)
                .With("@source", key.Source)
                .With("@severity", (int)key.Severity)
                .With("@new", counts.New)
                .With("@resolved", counts.Resolved)
                .With("@seconds", counts.MitigationSeconds)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var ((day, tld, source), counts) in days.Where(d => d.Value.Active != 0 || d.Value.New != 0))
        {
            await context.Command(AddDayTldSql)
                .With("@day", day)
                .With("@tld", tld)
                .With("@source", source)
                .With("@active", counts.Active)
                .With("@new", counts.New)
                .ExecuteNonQueryAsync(cancellationToken);
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

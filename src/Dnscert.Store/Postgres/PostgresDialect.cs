using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Dnscert.Store.Sql;
using Npgsql;

namespace Dnscert.Store.Postgres;

/// <summary>
/// PostgreSQL through Npgsql. Statements are prepared automatically after their second use (Max Auto Prepare), so
/// the writer's repeated inserts run as prepared statements without code that tracks them. The writer's session
/// has a lock timeout, so a table locked by someone else fails (55P03) and is retried, rather than hanging.
/// </summary>
internal sealed class PostgresDialect : StoreDialect
{
    // Errors after which the same statement may succeed: serialization and deadlock, lock timeout, a server
    // shutting down or starting, too many connections. Disk full (53100) and the rest are permanent.
    private static readonly HashSet<string> s_transientStates = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.LockNotAvailable,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.ConnectionException,
        PostgresErrorCodes.ConnectionDoesNotExist,
        PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
        PostgresErrorCodes.SqlServerRejectedEstablishmentOfSqlConnection,
    };

    // Any fixed number: the advisory lock that serialises migrations of one database.
    private const long MigrationLockKey = 0x646E7363657274;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _lockTimeout;

    public PostgresDialect(string connectionString, TimeSpan lockTimeout, TimeSpan connectTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "dnscert";
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.Timeout = Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds));
        _lockTimeout = lockTimeout;
        Description = $"PostgreSQL database {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}"
            + (string.IsNullOrEmpty(builder.SearchPath) ? "" : $" (schema {builder.SearchPath})");
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string SkipLockedSuffix => " FOR UPDATE SKIP LOCKED";

    public override string Description { get; }

    public override string DayNumber(string column) => $"CAST(floor(extract(epoch FROM {column}) / 86400) AS bigint)";

    public override string MonthStart(string dayColumn) => $"({dayColumn} - (CAST(EXTRACT(DAY FROM DATE '0001-01-01' + {dayColumn}) AS INTEGER) - 1))";

    public override string MigrationFolder => "postgres";

    public override bool ReusesCommands => false;

    public override int ParametersPerStatement => 1200;

    public override string InValueList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object ValueList(IReadOnlyCollection<string> values) => values.ToArray();

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {(long)_lockTimeout.TotalMilliseconds}");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // to_regclass resolves the name through the search path, as the store's statements do.
    public override string VersionTableExistsSql(string table) =>
        $"SELECT CASE WHEN to_regclass('{table}') IS NULL THEN 0 ELSE 1 END";

    public override object Time(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override object Id(Guid value) => value;

    public override Guid ReadId(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException p => s_transientStates.Contains(p.SqlState),
        NpgsqlException n => n.IsTransient || n.InnerException is SocketException or TimeoutException or IOException,
        SocketException or TimeoutException => true,
        _ => false,
    };

    public override string Describe(Exception exception) => exception switch
    {
        PostgresException p => $"{p.MessageText} (SQLSTATE {p.SqlState})",
        NpgsqlException { InnerException: { } inner } n => $"{n.Message} {inner.Message}",
        _ => exception.Message,
    };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

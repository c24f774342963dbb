using System.Data.Common;
using System.Globalization;
using Dnscert.Store.Sql;
using Microsoft.Data.Sqlite;

namespace Dnscert.Store.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. WAL lets readers run while the writer commits. The writer's connection uses
/// <c>synchronous=NORMAL</c>: in WAL mode a commit is then written to the WAL file but not fsynced until the next
/// checkpoint, so a killed process (kill -9) loses nothing that was committed, and a power cut or kernel crash may
/// lose the last commits but never corrupts the file. FULL would fsync on every commit, which one batched writer
/// makes affordable but is not needed for the crash the issue names.
/// </summary>
internal sealed class SqliteDialect : StoreDialect
{
    /// <summary>Bytes per page of a database file this store creates.</summary>
    internal const int PageSize = 16384;

    /// <summary>WAL size at which the writer checkpoints.</summary>
    private const long WalCheckpointBytes = 64L << 20;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private readonly string _connectionString;
    private readonly TimeSpan _lockTimeout;
    private readonly long? _maxSize;
    private readonly int _writerCacheMiB;

    public SqliteDialect(string path, TimeSpan lockTimeout, long? maxSize, int writerCacheMiB = StoreOptions.DefaultSqliteWriterCacheMiB)
    {
        _writerCacheMiB = writerCacheMiB;
        Path = path;
        _lockTimeout = lockTimeout;
        _maxSize = maxSize;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,

            // Microsoft.Data.Sqlite retries a busy statement itself until the command timeout; keep that short so
            // the store's own bounded back-off decides.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(lockTimeout.TotalSeconds)),
        }.ToString();
    }

    public string Path { get; }

    public override string Description => $"SQLite database {Path}";

    // Times are INTEGER microseconds since 1970; times before 1970 do not occur in runs.
    public override string DayNumber(string column) => $"({column} / 86400000000)";

    // 1721425.5 is the Julian day of 0001-01-01, where DateOnly.DayNumber starts; both calendars are proleptic Gregorian.
    public override string MonthStart(string dayColumn) => $"({dayColumn} - (CAST(strftime('%d', 1721425.5 + {dayColumn}) AS INTEGER) - 1))";

    public override string MigrationFolder => "sqlite";

    public override bool ReusesCommands => true;

    public override int ParametersPerStatement => 16;

    public override string InValueList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object ValueList(IReadOnlyCollection<string> values) => Codes.List([.. values]);

    public override async Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(long)_lockTimeout.TotalMilliseconds}", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL", cancellationToken);

            // A big page cache (the default is 2 MiB) for the one writer: a batch of thousands of rows touches
            // pages all over the fingerprint, subject and evidence indexes; with the small cache they were spilled
            // and read back within the transaction, which a profile of bulk feed ingestion showed as most of its
            // kernel time. Pages are only allocated when used, but a long-running serve does use them all, so the
            // size is an option (64 MiB by default, 256 MiB for feed ingestion).
            await ExecuteAsync(connection, FormattableString.Invariant($"PRAGMA cache_size = {-1024L * _writerCacheMiB}"), cancellationToken);
            await using var pageSize = connection.CreateCommand();
            pageSize.CommandText = "PRAGMA page_size";
            var bytes = Convert.ToInt64(await pageSize.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

            // A checkpoint once the WAL holds 64 MiB, whatever the file's page size (the setting counts pages).
            await ExecuteAsync(connection, FormattableString.Invariant($"PRAGMA wal_autocheckpoint = {Math.Max(1, WalCheckpointBytes / bytes)}"), cancellationToken);
            if (_maxSize is { } max)
            {
                await ExecuteAsync(connection, FormattableString.Invariant($"PRAGMA max_page_count = {Math.Max(1, max / bytes)}"), cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task BeforeMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file: set once, it stays for every later connection.
        await using var command = connection.CreateCommand();
        // The page size of a new file (an existing one keeps its own): 16 KiB instead of SQLite's 4 KiB. Half a million
        // observations (316 MB) then cost SQLite a fifth less CPU to insert, index and checkpoint (feed ingestion of a
        // million lines: 5.1 s -> 4.6 s), because rows, index entries and WAL frames move in a quarter as many pages;
        // the monitor's one small commit per run and the dashboard's reads showed no difference (docs/benchmarks.md,
        // ninth session). Must come before the first write, which journal_mode = WAL is.
        command.CommandText = FormattableString.Invariant($"PRAGMA page_size = {PageSize}");
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "PRAGMA journal_mode = WAL";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the file system refused WAL mode (journal mode is {mode})");
        }
    }

    public override string VersionTableExistsSql(string table) =>
        $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";

    public override Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override object Time(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTimeOffset.UnixEpoch.Ticks + (reader.GetInt64(ordinal) * 10), TimeSpan.Zero);

    public override object Id(Guid value) => value.ToString("D");

    public override Guid ReadId(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open (and the WAL around) until the pool lets go.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

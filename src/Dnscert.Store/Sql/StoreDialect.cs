using System.Data.Common;

namespace Dnscert.Store.Sql;

/// <summary>
/// What differs between SQLite and PostgreSQL: connections, how times and ids are passed and read, and which errors
/// are worth a retry. The SQL text itself is shared (both speak <c>ON CONFLICT</c>, row values and <c>@name</c>).
/// </summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    /// <summary>"SQLite database /path" or "PostgreSQL database host:port/name", for messages; never a password.</summary>
    public abstract string Description { get; }

    /// <summary>The folder of embedded migrations: <c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>Whether the writer may keep one command per SQL text and run it again with new parameters.</summary>
    public abstract bool ReusesCommands { get; }

    /// <summary>
    /// How many parameters one multi-row statement should bind (see <see cref="BulkStatements"/>): few on SQLite,
    /// whose binding by name is quadratic in the count; many on PostgreSQL, where each statement is a round trip.
    /// </summary>
    public abstract int ParametersPerStatement { get; }

    /// <summary>
    /// A condition "<paramref name="column"/> is one of the values bound to <paramref name="parameter"/>", bound with
    /// <see cref="ValueList"/>: one parameter for a whole batch, so a look-up of 20,000 keys is one statement (SQLite
    /// walks a JSON array with <c>json_each</c>, PostgreSQL compares with <c>= ANY</c> of a text array).
    /// </summary>
    public abstract string InValueList(string column, string parameter);

    /// <summary>The parameter value for <see cref="InValueList"/>.</summary>
    public abstract object ValueList(IReadOnlyCollection<string> values);

    /// <summary>A connection for reads (pooled).</summary>
    public abstract Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>The writer's own connection, with its session settings.</summary>
    public abstract Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken);

    /// <summary>Runs before the migrations, outside their transaction (SQLite: WAL mode, which a transaction cannot change).</summary>
    public virtual Task BeforeMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs first inside the migration transaction, so that two processes opening at once migrate one after the other.</summary>
    public virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A query that returns 1 when the table exists where unqualified names resolve, else 0.</summary>
    public abstract string VersionTableExistsSql(string table);

    /// <summary>Starts the writer's transaction (SQLite: BEGIN IMMEDIATE, taking the write lock at once).</summary>
    public virtual async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>A read-only snapshot for several queries that must agree (SQLite: a deferred BEGIN, which takes no write lock).</summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public abstract object Time(DateTimeOffset value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract object Id(Guid value);

    /// <summary>SQL for the whole UTC days since 1970-01-01 of a time column (an integer).</summary>
    public abstract string DayNumber(string column);

    /// <summary>SQL for the day number (days since 0001-01-01, as <c>DateOnly.DayNumber</c>) of the first day of the month of a day-number column.</summary>
    public abstract string MonthStart(string dayColumn);

    public abstract Guid ReadId(DbDataReader reader, int ordinal);

    /// <summary>Locked, busy, unreachable, restarting: the same operation may succeed a little later.</summary>
    /// <summary>
    /// Appended to a SELECT that picks rows to claim: PostgreSQL locks them and skips rows another transaction holds,
    /// so concurrent claimers take disjoint sets; SQLite has one writer at a time and needs nothing.
    /// </summary>
    public virtual string SkipLockedSuffix => "";

    public abstract bool IsTransient(Exception exception);

    /// <summary>The cause in one line, for <c>StoreException</c>.</summary>
    public virtual string Describe(Exception exception) => exception.Message;

    public abstract ValueTask DisposeAsync();
}

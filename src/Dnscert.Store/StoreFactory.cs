using Dnscert.Core.Store;
using Dnscert.Store.Migrations;
using Dnscert.Store.Postgres;
using Dnscert.Store.Sql;
using Dnscert.Store.Sqlite;
using Dnscert.Store.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.Store;

/// <summary>Opens the store the options name: PostgreSQL when a connection string is given, otherwise SQLite in the data directory.</summary>
public static class StoreFactory
{
    /// <summary>
    /// Opens the database, creating it (SQLite) and applying missing migrations. An unreachable or locked database is
    /// retried with back-off; what still fails is a <see cref="StoreException"/> that names the database. Retries and
    /// failures are logged to <paramref name="logger"/> as well.
    /// </summary>
    public static async Task<DnscertStore> OpenAsync(StoreOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new StoreException(string.Join(" ", problems));
        }

        timeProvider ??= TimeProvider.System;
        var dialect = CreateDialect(options);
        try
        {
            logger ??= NullLogger.Instance;
            var retrier = new Retrier(dialect, options, timeProvider, new StoreStatistics(), logger);
            var applied = await retrier.RunAsync("open", token => Migrator.MigrateAsync(dialect, timeProvider, token), cancellationToken);
            if (applied.Count > 0)
            {
                Log.Migrated(logger, dialect.Description, applied);
            }

            return new DnscertStore(dialect, options, timeProvider, logger);
        }
        catch
        {
            await dialect.DisposeAsync();
            throw;
        }
    }

    private static StoreDialect CreateDialect(StoreOptions options)
    {
        if (options.PostgreSql is { } connectionString)
        {
            try
            {
                return new PostgresDialect(connectionString, options.LockTimeout, options.ConnectTimeout);
            }
            catch (ArgumentException e)
            {
                // The connection string itself is wrong; its text may hold a password, so it is not repeated.
                throw new StoreException($"{StoreOptions.Section}:PostgreSql is not a valid connection string: {e.Message}", e);
            }
        }

        var directory = options.DataDirectory ?? StoreOptions.DefaultDataDirectory();
        var path = Path.GetFullPath(Path.Combine(directory, StoreOptions.SqliteFileName));
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"SQLite database {path}", "open", $"cannot create the data directory {directory}: {e.Message}", transient: false, attempts: 1, e);
        }

        return new SqliteDialect(path, options.LockTimeout, options.SqliteMaxSize, options.SqliteWriterCacheMiB);
    }
}

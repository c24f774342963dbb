using System.Globalization;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using Npgsql;

namespace Dnscert.IntegrationTests.Store;

/// <summary>A fresh schema on the test server (DNSCERT_TEST_PG), dropped at the end: tests never share tables.</summary>
public sealed class PostgresBackend : StoreBackend
{
    private readonly string _schema = $"dnscert_test_{Guid.CreateVersion7():N}";
    private bool _created;

    public override string Name => "PostgreSQL";

    public string Schema => _schema;

    /// <summary>The test's schema first on the search path; the application name lets a test find the store's sessions.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgreSqlConnectionString) { SearchPath = _schema, ApplicationName = _schema }.ConnectionString;

    /// <summary>Ends every session of this test's stores from the server side, as a restart or an administrator would.</summary>
    public Task TerminateSessionsAsync() =>
        ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{_schema}' AND pid <> pg_backend_pid()");

    public override string ChildSpec => "postgres|" + ConnectionString;

    public override async Task RequireAsync()
    {
        await TestEnvironment.RequirePostgreSqlAsync();
        if (!_created)
        {
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgreSqlConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await command.ExecuteNonQueryAsync();
            _created = true;
        }
    }

    public override async Task<IAsyncDisposable> HoldWriteLockAsync(string table)
    {
        // Unpooled: closing it ends the session and so the transaction that holds the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_created)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgreSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override void Configure(StoreOptions options) => options.PostgreSql = ConnectionString;
}

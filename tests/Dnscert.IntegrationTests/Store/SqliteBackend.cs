using System.Globalization;
using Dnscert.Store;
using Microsoft.Data.Sqlite;

namespace Dnscert.IntegrationTests.Store;

/// <summary>A temporary directory with its own SQLite file.</summary>
public sealed class SqliteBackend : StoreBackend
{
    public SqliteBackend()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"dnscert-store-{Guid.CreateVersion7():N}");
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, StoreOptions.SqliteFileName);

    public override string Name => "SQLite";

    public override string ChildSpec => "sqlite|" + Directory;

    public override async Task<IAsyncDisposable> HoldWriteLockAsync(string table)
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "BEGIN IMMEDIATE";
            await command.ExecuteNonQueryAsync();
        }

        return connection;
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    protected override void Configure(StoreOptions options) => options.DataDirectory = Directory;
}

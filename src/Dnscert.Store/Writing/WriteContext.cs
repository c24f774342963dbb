using System.Data.Common;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Writing;

/// <summary>
/// What a write operation sees: the writer's connection inside the batch's transaction. On SQLite, commands are
/// kept per SQL text for the life of the connection, so SQLite reuses its prepared statements across batches. On
/// PostgreSQL each use gets a new command (a reused NpgsqlCommand whose parameters were cleared and added again was
/// seen to run with the old values); Npgsql's automatic preparation prepares the statement once per connection.
/// </summary>
internal sealed class WriteContext : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly List<DbCommand> _batchCommands = [];

    public WriteContext(DbConnection connection, StoreDialect dialect)
    {
        Connection = connection;
        Dialect = dialect;
    }

    public DbConnection Connection { get; }

    public StoreDialect Dialect { get; }

    public DbTransaction? Transaction { get; set; }

    /// <summary>The prepared command for this SQL, with no parameters, in the current transaction.</summary>
    public DbCommand Command(string sql)
    {
        if (!Dialect.ReusesCommands)
        {
            var fresh = Connection.CreateCommand();
            fresh.CommandText = sql;
            fresh.Transaction = Transaction;
            _batchCommands.Add(fresh);
            return fresh;
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Disposes the commands made for this batch only.</summary>
    public async ValueTask EndBatchAsync()
    {
        Transaction = null;
        foreach (var command in _batchCommands)
        {
            await command.DisposeAsync();
        }

        _batchCommands.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await EndBatchAsync();
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        await Connection.DisposeAsync();
    }
}

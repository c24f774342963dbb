using System.Data.Common;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Writing;

/// <summary>
/// What a write operation sees: the writer's connection inside the batch's transaction. Commands are kept per SQL
/// text for the life of the connection, so SQLite reuses its prepared statements across batches.
/// </summary>
internal sealed class WriteContext : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

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

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        await Connection.DisposeAsync();
    }
}

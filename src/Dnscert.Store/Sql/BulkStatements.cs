using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Dnscert.Store.Postgres;
using Dnscert.Store.Sqlite;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Sql;

/// <summary>
/// Runs one INSERT for many rows in as few statements as the backend likes: PostgreSQL gets multi-row VALUES lists
/// (one round trip for many rows), SQLite one prepared row statement whose parameters are created once and only get
/// new values. SQLite binds each parameter by name with a linear search of the statement's names, so a statement of
/// P parameters costs P²/2 name comparisons: a profile of 64-row statements showed a sixth of the CPU time there.
/// Large batches on PostgreSQL go through a binary COPY into a staging table instead (<see cref="PostgresStagedCopy"/>).
/// </summary>
internal static class BulkStatements
{
    /// <summary>From this many rows on, PostgreSQL gets a binary COPY into a staging table (<see cref="PostgresStagedCopy"/>).</summary>
    public const int StagedCopyMinRows = 256;

    /// <summary>From this many rows on, SQLite gets its own row statement with positional binding (<see cref="SqliteRowStatement"/>).</summary>
    public const int SqliteRowStatementMinRows = 64;

    private static readonly ConcurrentDictionary<(string Sql, int Rows), string> s_texts = new();

    /// <summary>
    /// Runs <paramref name="sql"/>, whose VALUES tuple is <paramref name="tuple"/> (for example <c>(@a, @b)</c>), for
    /// every row; <paramref name="fill"/> writes a row's values in the tuple's order.
    /// </summary>
    public static async Task RunAsync<T>(WriteContext context, string sql, string tuple, IReadOnlyList<T> rows, Action<T, StoreDialect, object?[]> fill, CancellationToken cancellationToken)
    {
        var names = tuple.Trim('(', ')').Split(", ");
        if (context.Dialect is PostgresDialect && rows.Count >= StagedCopyMinRows)
        {
            await PostgresStagedCopy.RunAsync(context, sql, names.Length, rows, fill, cancellationToken);
            return;
        }

        if (context.Connection is SqliteConnection sqlite && rows.Count >= SqliteRowStatementMinRows)
        {
            SqliteRowStatement.Run(sqlite, sql, names.Length, rows, context.Dialect, fill, cancellationToken);
            return;
        }

        var values = new object?[names.Length];
        var perStatement = Math.Max(1, context.Dialect.ParametersPerStatement / names.Length);
        var at = 0;
        if (perStatement > 1)
        {
            var text = s_texts.GetOrAdd((sql, perStatement), key => MultiRow(key.Sql, tuple, names, key.Rows));
            for (; at + perStatement <= rows.Count; at += perStatement)
            {
                var command = context.Command(text);
                for (var r = 0; r < perStatement; r++)
                {
                    fill(rows[at + r], context.Dialect, values);
                    for (var c = 0; c < names.Length; c++)
                    {
                        command.With(string.Create(CultureInfo.InvariantCulture, $"{names[c]}_{r}"), values[c]);
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        DbCommand? reused = null;
        for (; at < rows.Count; at++)
        {
            fill(rows[at], context.Dialect, values);
            if (reused is null || !context.Dialect.ReusesCommands)
            {
                reused = context.Command(sql);
                for (var c = 0; c < names.Length; c++)
                {
                    reused.With(names[c], values[c]);
                }
            }
            else
            {
                for (var c = 0; c < names.Length; c++)
                {
                    reused.Parameters[c].Value = values[c] ?? DBNull.Value;
                }
            }

            await reused.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string MultiRow(string sql, string tuple, string[] names, int rows)
    {
        if (!sql.Contains(tuple, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the statement does not contain the VALUES tuple {tuple}", nameof(sql));
        }

        var list = string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", names.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n}_{r}"))) + ")"));
        return sql.Replace(tuple, list, StringComparison.Ordinal);
    }
}

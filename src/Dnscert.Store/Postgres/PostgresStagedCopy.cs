using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dnscert.Store.Sql;
using Dnscert.Store.Writing;
using Npgsql;
using NpgsqlTypes;

namespace Dnscert.Store.Postgres;

/// <summary>
/// Many rows of one <c>INSERT … VALUES (…) ON CONFLICT …</c> on PostgreSQL as a binary <c>COPY</c> into a temporary
/// staging table shaped like the target (<c>LIKE</c> it), then one <c>INSERT … SELECT … ON CONFLICT …</c>: the rows
/// travel in Npgsql's binary format in one stream instead of as thousands of bound parameters, and the server plans
/// and checks one statement per batch. The staging table lives in the writer's session, is emptied after each use
/// and at commit (<c>ON COMMIT DELETE ROWS</c>), so two batches in one transaction never see each other's rows.
/// </summary>
internal static partial class PostgresStagedCopy
{
    private static readonly ConcurrentDictionary<string, Statement> s_statements = new(StringComparer.Ordinal);

    public static async Task RunAsync<T>(WriteContext context, string sql, int columns, IReadOnlyList<T> rows, Action<T, StoreDialect, object?[]> fill, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Connection;
        var statement = s_statements.GetOrAdd(sql, Parse);
        if (statement.Columns.Length != columns)
        {
            throw new ArgumentException($"the statement names {statement.Columns.Length} columns but its VALUES tuple has {columns}", nameof(sql));
        }

        await context.Command($"CREATE TEMP TABLE IF NOT EXISTS {statement.Stage} (LIKE {statement.Table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
            .ExecuteNonQueryAsync(cancellationToken);
        var values = new object?[columns];
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {statement.Stage} ({string.Join(", ", statement.Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                fill(row, context.Dialect, values);
                await importer.StartRowAsync(cancellationToken);
                for (var c = 0; c < columns; c++)
                {
                    await WriteAsync(importer, values[c], statement.Columns[c], cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await context.Command(statement.Insert).ExecuteNonQueryAsync(cancellationToken);
        await context.Command($"TRUNCATE {statement.Stage}").ExecuteNonQueryAsync(cancellationToken);
    }

    // The store's parameters are of these types only (StoreDialect.Time/Id, Codes): each maps to its column's type.
    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, string column, CancellationToken cancellationToken) => value switch
    {
        null or DBNull => importer.WriteNullAsync(cancellationToken),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken),
        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid, cancellationToken),
        DateTimeOffset t => importer.WriteAsync(t, NpgsqlDbType.TimestampTz, cancellationToken),
        byte[] b => importer.WriteAsync(b, NpgsqlDbType.Bytea, cancellationToken),
        _ => throw new ArgumentException($"column {column}: no COPY mapping for a {value.GetType().Name} value", nameof(value)),
    };

    private static Statement Parse(string sql)
    {
        var match = InsertValues().Match(sql);
        if (!match.Success)
        {
            throw new ArgumentException($"not an INSERT INTO table (columns) VALUES (…) statement: {sql}", nameof(sql));
        }

        var table = match.Groups["table"].Value;
        var columns = match.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries);
        var list = string.Join(", ", columns);
        var stage = $"dnscert_stage_{table}";
        return new Statement(table, stage, columns, $"INSERT INTO {table} ({list}) SELECT {list} FROM {stage} {match.Groups["rest"].Value}");
    }

    [GeneratedRegex(@"^INSERT INTO (?<table>[a-z0-9_]+) \((?<columns>[a-z0-9_, ]+)\) VALUES \([^)]*\)\s*(?<rest>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InsertValues();

    private sealed record Statement(string Table, string Stage, string[] Columns, string Insert);
}

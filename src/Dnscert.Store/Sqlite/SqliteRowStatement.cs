using System.Text;
using Dnscert.Store.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Dnscert.Store.Sqlite;

/// <summary>
/// One INSERT run for many rows on SQLite through SQLite's own prepare, bind, step and reset, on the writer's
/// connection and so inside its transaction. Microsoft.Data.Sqlite binds every parameter through a binder object and
/// a fresh UTF-8 array per text value; for a million-line feed ingest (13 values a row) that binding was the largest
/// part of the writer's CPU time. Here text is encoded into one reused buffer and numbers are bound directly. Parameters
/// are bound by position, so each parameter name may occur once in the statement, in the order of the values.
/// </summary>
internal static class SqliteRowStatement
{
    public static void Run<T>(SqliteConnection connection, string sql, int columns, IReadOnlyList<T> rows, StoreDialect dialect, Action<T, StoreDialect, object?[]> fill, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            if (raw.sqlite3_bind_parameter_count(statement) != columns)
            {
                throw new ArgumentException($"the statement has {raw.sqlite3_bind_parameter_count(statement)} parameters but its VALUES tuple has {columns}", nameof(sql));
            }

            var values = new object?[columns];
            var buffer = new byte[1024];
            for (var r = 0; r < rows.Count; r++)
            {
                if ((r & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                fill(rows[r], dialect, values);
                for (var c = 0; c < columns; c++)
                {
                    var index = c + 1;
                    var rc = values[c] switch
                    {
                        null or DBNull => raw.sqlite3_bind_null(statement, index),
                        string s => BindText(statement, index, s, ref buffer),
                        int i => raw.sqlite3_bind_int64(statement, index, i),
                        long l => raw.sqlite3_bind_int64(statement, index, l),
                        byte[] b => raw.sqlite3_bind_blob(statement, index, b),
                        double d => raw.sqlite3_bind_double(statement, index, d),
                        var other => throw new ArgumentException($"parameter {index}: no SQLite binding for a {other.GetType().Name} value", nameof(fill)),
                    };
                    Check(rc, db);
                }

                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(step, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }
    }

    private static int BindText(sqlite3_stmt statement, int index, string value, ref byte[] buffer)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > buffer.Length)
        {
            buffer = new byte[Math.Max(most, buffer.Length * 2)];
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is free again for the next value.
        var length = Encoding.UTF8.GetBytes(value, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, length));
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}

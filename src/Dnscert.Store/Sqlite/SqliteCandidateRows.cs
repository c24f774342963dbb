using System.Text;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Dnscert.Store.Sqlite;

/// <summary>
/// Inserts new observations from <see cref="ObservationCandidates"/> with SQLite's own prepare, bind, step and reset
/// (as <see cref="SqliteRowStatement"/>), writing each text value, the JSON lists included, as UTF-8 into one reused
/// buffer: no id string, no evidence-id list, no JSON text and no boxed number per row. The values are those
/// <see cref="SqliteDialect"/> and <see cref="Codes"/> give the general path (the candidates tests compare the rows).
/// The text values come already encoded (<see cref="ObservationCandidates.SubjectUtf8At"/> and the like, done on the
/// thread that prepared the batch), so this thread, the critical path of a bulk load, only copies bytes.
/// </summary>
internal static class SqliteCandidateRows
{
    private const int Columns = 13;

    public static void Insert(SqliteConnection connection, string sql, ObservationCandidates candidates, List<int> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            if (raw.sqlite3_bind_parameter_count(statement) != Columns)
            {
                throw new ArgumentException($"the statement has {raw.sqlite3_bind_parameter_count(statement)} parameters, not {Columns}", nameof(sql));
            }

            var buffer = new byte[4096];
            var tlp = Encoding.UTF8.GetBytes(Codes.Of(candidates.Tlp));
            var open = Encoding.UTF8.GetBytes(Codes.Of(ObservationState.Open));
            var severity = (int)candidates.Severity;
            Span<byte> id = stackalloc byte[36];
            var encoded = candidates.HasUtf8;
            for (var n = 0; n < indexes.Count; n++)
            {
                if ((n & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // Only what the row itself and the UTF-8 buffer hold: reading the subject, line or fingerprint strings
                // missed the cache once per object on this thread, which a bulk load waits for.
                var i = indexes[n];
                var lineCount = candidates.LineCountAt(i);
                if (!candidates.IdAt(i).TryFormat(id, out var idLength, "D") || idLength != 36)
                {
                    throw new InvalidOperationException("a GUID did not format as 36 characters");
                }

                Check(raw.sqlite3_bind_text(statement, 1, id), db);
                Check(raw.sqlite3_bind_text(statement, 2, KindUtf8(candidates.SubjectKindAt(i))), db);
                Check(encoded ? raw.sqlite3_bind_text(statement, 3, candidates.SubjectUtf8At(i)) : BindText(statement, 3, candidates.SubjectAt(i).Value, ref buffer), db);
                Check(encoded ? raw.sqlite3_bind_text(statement, 4, candidates.ThreatTypeIdUtf8At(i)) : BindText(statement, 4, candidates.ThreatTypeIdAt(i), ref buffer), db);
                Check(raw.sqlite3_bind_int64(statement, 5, severity), db);
                Check(raw.sqlite3_bind_text(statement, 6, tlp), db);
                Check(raw.sqlite3_bind_int64(statement, 7, Microseconds(candidates.FirstSeenAt(i))), db);
                Check(raw.sqlite3_bind_int64(statement, 8, Microseconds(candidates.LastSeenAt(i))), db);
                Check(raw.sqlite3_bind_text(statement, 9, open), db);
                Check(encoded ? raw.sqlite3_bind_text(statement, 10, candidates.FingerprintUtf8At(i)) : BindText(statement, 10, candidates.FingerprintAt(i), ref buffer), db);
                Check(BindQuotedList(statement, 11, candidates, i, hashes: true, ref buffer), db);
                Check(encoded ? raw.sqlite3_bind_text(statement, 12, candidates.SummaryUtf8At(i)) : BindText(statement, 12, candidates.SummaryAt(i), ref buffer), db);
                Check(lineCount == 0 ? raw.sqlite3_bind_null(statement, 13) : BindLines(statement, 13, candidates, i, encoded, ref buffer), db);
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(step, db);
                }

                Check(raw.sqlite3_reset(statement), db);
            }
        }
    }

    /// <summary>Microseconds since 1970, as <see cref="SqliteDialect.Time"/> stores times.</summary>
    private static long Microseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;

    /// <summary>
    /// The lines as the JSON list <see cref="Codes.List"/> writes: the candidates' UTF-8 between quotes when every line
    /// is plain (<see cref="ObservationCandidates.LinesArePlainJsonAt"/>), else the list the serializer writes.
    /// </summary>
    private static int BindLines(sqlite3_stmt statement, int index, ObservationCandidates candidates, int row, bool encoded, ref byte[] buffer) =>
        encoded && candidates.LinesArePlainJsonAt(row)
            ? BindQuotedList(statement, index, candidates, row, hashes: false, ref buffer)
            : BindText(statement, index, Codes.List(candidates.LinesAt(row).ToArray()), ref buffer);

    /// <summary>
    /// A JSON list of one string per line of the candidate, none needing escapes: the lower-case hex SHA-256 of each
    /// line (the evidence ids, as <see cref="Codes.List"/> writes them) or the line's own UTF-8.
    /// </summary>
    private static int BindQuotedList(sqlite3_stmt statement, int index, ObservationCandidates candidates, int row, bool hashes, ref byte[] buffer)
    {
        var count = candidates.LineCountAt(row);
        var utf8 = hashes ? default : candidates.LinesUtf8At(row);
        Grow(ref buffer, (hashes ? 64 * count : utf8.Length) + (3 * count) + 2);
        var at = 0;
        buffer[at++] = (byte)'[';
        for (var l = 0; l < count; l++)
        {
            if (l > 0)
            {
                buffer[at++] = (byte)',';
            }

            buffer[at++] = (byte)'"';
            if (hashes)
            {
                if (!Convert.TryToHexStringLower(candidates.HashAt(row, l), buffer.AsSpan(at, 64), out var written) || written != 64)
                {
                    throw new InvalidOperationException("a SHA-256 did not format as 64 hex digits");
                }

                at += written;
            }
            else
            {
                var length = candidates.LineUtf8LengthAt(row, l);
                utf8[..length].CopyTo(buffer.AsSpan(at));
                utf8 = utf8[length..];
                at += length;
            }

            buffer[at++] = (byte)'"';
        }

        buffer[at++] = (byte)']';
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, at));
    }

    /// <summary>The stored word of each subject kind as UTF-8, indexed by the kind's number (encoded once).</summary>
    private static readonly byte[][] s_kinds = KindWords();

    private static byte[][] KindWords()
    {
        var kinds = Enum.GetValues<SubjectKind>();
        var words = new byte[kinds.Max(k => (int)k) + 1][];
        foreach (var kind in kinds)
        {
            words[(int)kind] = Encoding.UTF8.GetBytes(Codes.Of(kind));
        }

        return words;
    }

    private static ReadOnlySpan<byte> KindUtf8(SubjectKind kind) =>
        (uint)kind < (uint)s_kinds.Length && s_kinds[(int)kind] is { } word ? word : Encoding.UTF8.GetBytes(Codes.Of(kind));

    private static int BindText(sqlite3_stmt statement, int index, string value, ref byte[] buffer)
    {
        Grow(ref buffer, Encoding.UTF8.GetMaxByteCount(value.Length));

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is free again for the next value.
        var length = Encoding.UTF8.GetBytes(value, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, length));
    }

    private static void Grow(ref byte[] buffer, int length)
    {
        if (length > buffer.Length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}

using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Sqlite;
using Dnscert.Store.Writing;
using Microsoft.Data.Sqlite;

namespace Dnscert.Store.Repositories;

/// <summary>
/// A large run into a fresh or small SQLite store in one transaction, with the observation indexes built once at the
/// end: inserting 481,531 rows into five B-trees cost SQLite about 4.3 s of CPU in batches, 3.7 s in one transaction,
/// and 2.6 s with the four secondary indexes dropped first and created again (sorted) before the commit
/// (bench/feeds-sqlite-floor.py, docs/benchmarks.md "Feed ingestion, eighth session"). The indexes are created from
/// their stored definitions, so they come back exactly as they were. Readers (WAL) see the old snapshot, indexes
/// included, until the commit; a crash or error rolls the whole run back.
/// </summary>
internal sealed partial class ObservationRepository
{
    private const string ObservationIndexesSql =
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations' AND sql IS NOT NULL ORDER BY name";

    public async Task<bool> CanLoadCandidatesInBulkAsync(int count, string firstFingerprint, string lastFingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(firstFingerprint);
        ArgumentNullException.ThrowIfNull(lastFingerprint);
        if (_store.Dialect is not SqliteDialect || count <= 0 || !Ascii.IsValid(firstFingerprint) || !Ascii.IsValid(lastFingerprint))
        {
            return false;
        }

        var found = await _store.QueryAsync(
            "check for a bulk load",
            BulkCheckSql,
            (c, _) => c.With("@first", firstFingerprint).With("@last", lastFingerprint),
            (r, _) => (Stored: r.GetInt64(0), OpenInRange: r.GetInt64(1) != 0),
            cancellationToken);
        return Eligible(found[0], count);
    }

    private const string BulkCheckSql = "SELECT (SELECT COUNT(*) FROM observations), " + OpenInRangeSql;

    private static bool Eligible((long Stored, bool OpenInRange) state, int count) => !state.OpenInRange && state.Stored <= count;

    public async Task<int> LoadCandidatesInBulkAsync(
        ChannelReader<(ObservationCandidates Candidates, Func<Observation, Observation, Observation> Merge)> batches,
        int count,
        string firstFingerprint,
        string lastFingerprint,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(firstFingerprint);
        ArgumentNullException.ThrowIfNull(lastFingerprint);
        if (!Ascii.IsValid(firstFingerprint) || !Ascii.IsValid(lastFingerprint))
        {
            throw new ArgumentException("a bulk load needs ASCII fingerprints (SQLite orders them as ordinal strings)", nameof(firstFingerprint));
        }

        // A retried transaction (the store's writer retries transient failures) replays the batches already taken.
        var taken = new List<(ObservationCandidates Candidates, Func<Observation, Observation, Observation> Merge)>();
        var now = _store.TimeProvider.GetUtcNow();
        var result = await _store.WriteAsync(
            $"load {count} observation candidates in one transaction",
            async (context, token) =>
            {
                var sqlite = context.Connection as SqliteConnection ?? throw new NotSupportedException("bulk loads are for SQLite stores");
                var state = await ScalarPairAsync(context, firstFingerprint, lastFingerprint, token);
                var bulk = Eligible(state, count);
                var indexes = bulk ? await DropIndexesAsync(context, token) : [];
                var delta = new DailyAggregate();
                var created = 0;
                var previous = (string?)null;
                await foreach (var (candidates, merge) in Replay(taken, batches, token))
                {
                    if (candidates.Count == 0)
                    {
                        continue;
                    }

                    CheckInRun(candidates, previous, firstFingerprint, lastFingerprint);
                    previous = candidates.FingerprintAt(candidates.Count - 1);
                    if (!bulk)
                    {
                        created += (int)(await MergeInTransactionAsync(context, candidates, merge, ascending: true, now, token))!;
                        continue;
                    }

                    // No open observation in the run's range and distinct fingerprints: every candidate is new.
                    var (general, fresh) = Split(candidates, open: null);
                    if (general.Count > 0)
                    {
                        created += await MergeAsRecordsAsync(context, candidates, general, [], merge, now, token);
                    }

                    AddNewContributions(candidates, fresh, delta);
                    SqliteCandidateRows.Insert(sqlite, MergeUpsertSql, candidates, fresh, token);
                    created += fresh.Count;

                    // Kept until the commit for a retry's replay, which then binds from the strings.
                    candidates.ReleaseUtf8();
                }

                await ObservationStatisticsRepository.ApplyDeltaAsync(context, delta, token);
                foreach (var (_, sql) in indexes)
                {
                    await context.Command(sql).ExecuteNonQueryAsync(token);
                }

                return created;
            },
            cancellationToken);
        return (int)result!;
    }

    private static async Task<(long Stored, bool OpenInRange)> ScalarPairAsync(WriteContext context, string first, string last, CancellationToken cancellationToken)
    {
        await using var reader = await context.Command(BulkCheckSql).With("@first", first).With("@last", last).ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1) != 0);
    }

    /// <summary>Drops the observation indexes except the primary key's, returning each one's definition to create it again.</summary>
    private static async Task<List<(string Name, string Sql)>> DropIndexesAsync(WriteContext context, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var reader = await context.Command(ObservationIndexesSql).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            // The names come from sqlite_master; quoted as identifiers all the same.
            await context.Command(string.Create(CultureInfo.InvariantCulture, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")).ExecuteNonQueryAsync(cancellationToken);
        }

        return indexes;
    }

    /// <summary>A batch must continue the run: ascending, distinct, after the previous batch and within the announced range.</summary>
    private static void CheckInRun(ObservationCandidates candidates, string? previous, string first, string last)
    {
        if (!CheckDistinct(candidates)
            || (previous is not null && string.CompareOrdinal(previous, candidates.FingerprintAt(0)) >= 0)
            || string.CompareOrdinal(candidates.FingerprintAt(0), first) < 0
            || string.CompareOrdinal(candidates.FingerprintAt(candidates.Count - 1), last) > 0)
        {
            throw new ArgumentException("the batches of a bulk load must hold ASCII fingerprints in ascending order over the whole run, within its range");
        }
    }

    private static async IAsyncEnumerable<T> Replay<T>(List<T> taken, ChannelReader<T> batches, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in taken)
        {
            yield return batch;
        }

        await foreach (var batch in batches.ReadAllAsync(cancellationToken))
        {
            taken.Add(batch);
            yield return batch;
        }
    }
}

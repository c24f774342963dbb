using System.Text;
using Dnscert.Store.Sql;
using Dnscert.Core.Statistics;
using Dnscert.Core.Store;
using Dnscert.Store.Sqlite;
using Dnscert.Store.Writing;
using Microsoft.Data.Sqlite;

namespace Dnscert.Store.Repositories;

/// <summary>
/// The bulk merge of <see cref="ObservationCandidates"/>: what <see cref="MergeOpenByFingerprintAsync"/> stores for the
/// same candidates, but a new row goes from the candidate's parts straight to SQLite's bound values
/// (<see cref="SqliteCandidateRows"/>) and into the rollups by groups of equal contribution, and only a candidate that
/// merges into a stored open observation becomes an <see cref="Observation"/> record. On a fresh store the look-up
/// of stored open observations is one index probe of the batch's fingerprint range instead of one per candidate; a
/// re-report (nothing new but the times) only moves the stored row's first and last seen.
/// </summary>
internal sealed partial class ObservationRepository
{
    public async Task<int> MergeOpenCandidatesAsync(ObservationCandidates candidates, Func<Observation, Observation, Observation> merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(merge);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var ascending = CheckDistinct(candidates);
        var now = _store.TimeProvider.GetUtcNow();
        var result = await _store.WriteAsync(
            $"merge {candidates.Count} observation candidates by fingerprint",
            (context, token) => MergeInTransactionAsync(context, candidates, merge, ascending, now, token),
            cancellationToken);
        return (int)result!;
    }

    /// <summary>One batch of candidates merged inside the current transaction; the result is how many were added (boxed).</summary>
    private static async Task<object?> MergeInTransactionAsync(
        WriteContext context,
        ObservationCandidates candidates,
        Func<Observation, Observation, Observation> merge,
        bool ascending,
        DateTimeOffset now,
        CancellationToken token)
    {
        if (context.Connection is not SqliteConnection sqlite)
        {
            // PostgreSQL: the records and the staged copy of the general merge (its round trips, not its objects,
            // are what costs there).
            return await MergeAsRecordsAsync(context, candidates, Enumerable.Range(0, candidates.Count), null, merge, now, token);
        }

        var open = ascending && !await AnyOpenInRangeAsync(context, candidates.FingerprintAt(0), candidates.FingerprintAt(candidates.Count - 1), token)
            ? null
            : await FindOpenManyAsync(context, Fingerprints(candidates), token);
        var (general, fresh) = Split(candidates, open);
        var delta = new DailyAggregate();
        if (open is not null)
        {
            await MoveRereportsAsync(context, candidates, general, open, delta, token);
        }

        var created = general.Count == 0 ? 0 : await MergeAsRecordsAsync(context, candidates, general, open, merge, now, token);
        AddNewContributions(candidates, fresh, delta);
        await ObservationStatisticsRepository.ApplyDeltaAsync(context, delta, token);
        SqliteCandidateRows.Insert(sqlite, MergeUpsertSql, candidates, fresh, token);

        // A retry of this transaction binds from the strings.
        candidates.ReleaseUtf8();
        return created + fresh.Count;
    }

    private const string MoveSeenSql = "UPDATE observations SET first_seen = @first, last_seen = @last WHERE id = @id";

    /// <summary>
    /// Re-reports, taken out of <paramref name="general"/>: a candidate whose stored open observation already carries
    /// its summary and cites every one of its lines (a feed seen again with the same lines, the usual daily case). The
    /// merge then changes nothing but first and last seen (<see cref="IObservationRepository.MergeOpenCandidatesAsync"/>
    /// says so), so the row gets one two-column update and the rollups the difference, instead of a record, evidence
    /// blobs hashed again, the merge and a whole-row upsert per candidate: re-ingesting a million-line feed spent most
    /// of its time allocating those.
    /// </summary>
    private static async Task MoveRereportsAsync(
        WriteContext context,
        ObservationCandidates candidates,
        List<int> general,
        Dictionary<string, (Observation Row, string? Text)> open,
        DailyAggregate delta,
        CancellationToken cancellationToken)
    {
        var others = new List<int>(general.Count);
        foreach (var i in general)
        {
            if (!open.TryGetValue(candidates.FingerprintAt(i), out var stored) || !IsRereport(candidates, i, stored.Row))
            {
                others.Add(i);
                continue;
            }

            var row = stored.Row;
            var first = row.FirstSeen < candidates.FirstSeenAt(i) ? row.FirstSeen : candidates.FirstSeenAt(i);
            var last = row.LastSeen > candidates.LastSeenAt(i) ? row.LastSeen : candidates.LastSeenAt(i);
            if (first == row.FirstSeen && last == row.LastSeen)
            {
                continue;
            }

            var moved = row with { FirstSeen = first, LastSeen = last };
            delta.Apply(row, moved);
            var d = context.Dialect;
            await context.Command(MoveSeenSql)
                .With("@first", d.Time(first))
                .With("@last", d.Time(last))
                .With("@id", d.Id(row.Id))
                .ExecuteNonQueryAsync(cancellationToken);
        }

        general.Clear();
        general.AddRange(others);
    }

    /// <summary>The stored row has the candidate's summary and every one of its evidence ids, and its lines are inline ones.</summary>
    private static bool IsRereport(ObservationCandidates candidates, int i, Observation stored)
    {
        if (candidates.LongestLineBytesAt(i) > MaxInlineEvidenceBytes || !string.Equals(stored.Summary, candidates.SummaryAt(i), StringComparison.Ordinal))
        {
            return false;
        }

        Span<char> hex = stackalloc char[64];
        for (var l = 0; l < candidates.LineCountAt(i); l++)
        {
            if (!Convert.TryToHexStringLower(candidates.HashAt(i, l), hex, out _) || !Cites(stored.EvidenceIds, hex))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Cites(IReadOnlyList<string> ids, ReadOnlySpan<char> id)
    {
        foreach (var cited in ids)
        {
            if (id.SequenceEqual(cited))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rows that merge into a stored open observation, or carry a line too long to keep inside the row, take the
    /// general path; the others are inserted from their parts.
    /// </summary>
    private static (List<int> General, List<int> Fresh) Split(ObservationCandidates candidates, Dictionary<string, (Observation Row, string? Text)>? open)
    {
        var general = new List<int>();
        var fresh = new List<int>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            (open is not null && open.ContainsKey(candidates.FingerprintAt(i)) || candidates.LongestLineBytesAt(i) > MaxInlineEvidenceBytes ? general : fresh).Add(i);
        }

        return (general, fresh);
    }

    /// <summary>True when the candidates' fingerprints are in strictly ascending ordinal order; throws when one occurs twice.</summary>
    private static bool CheckDistinct(ObservationCandidates candidates)
    {
        if (candidates.FingerprintsAscendInAscii)
        {
            // Checked as the candidates were added; reading every fingerprint again here was a cache miss per row.
            return true;
        }

        var ascending = true;
        for (var i = 1; i < candidates.Count && ascending; i++)
        {
            ascending = string.CompareOrdinal(candidates.FingerprintAt(i - 1), candidates.FingerprintAt(i)) < 0;
        }

        if (!ascending)
        {
            var seen = new HashSet<string>(candidates.Count, StringComparer.Ordinal);
            for (var i = 0; i < candidates.Count; i++)
            {
                if (!seen.Add(candidates.FingerprintAt(i)))
                {
                    throw new ArgumentException($"fingerprint {candidates.FingerprintAt(i)} occurs twice in one batch; merge the candidates first", nameof(candidates));
                }
            }
        }

        // SQLite compares TEXT as UTF-8 bytes, which orders like ordinal UTF-16 only without surrogate pairs and
        // characters above them; ASCII (every feed fingerprint in practice) is safe for the range probe.
        for (var i = 0; i < candidates.Count && ascending; i++)
        {
            ascending = Ascii.IsValid(candidates.FingerprintAt(i));
        }

        return ascending;
    }

    private static List<string> Fingerprints(ObservationCandidates candidates)
    {
        var fingerprints = new List<string>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            fingerprints.Add(candidates.FingerprintAt(i));
        }

        return fingerprints;
    }

    /// <summary>Whether an open observation has a fingerprint from @first to @last (one seek in the fingerprint index).</summary>
    private const string OpenInRangeSql =
        "EXISTS (SELECT 1 FROM observations WHERE fingerprint >= @first AND fingerprint <= @last AND state = 'open')";

    /// <summary>Whether any open observation has a fingerprint between the two (one seek in the fingerprint index).</summary>
    private static async Task<bool> AnyOpenInRangeAsync(WriteContext context, string first, string last, CancellationToken cancellationToken)
    {
        var found = await context.Command("SELECT " + OpenInRangeSql)
            .With("@first", first)
            .With("@last", last)
            .ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>The general merge for some of the candidates, as records and evidence blobs; returns how many were added.</summary>
    private static async Task<int> MergeAsRecordsAsync(
        WriteContext context,
        ObservationCandidates candidates,
        IEnumerable<int> indexes,
        Dictionary<string, (Observation Row, string? Text)>? open,
        Func<Observation, Observation, Observation> merge,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var records = new List<Observation>();
        var evidence = new List<EvidenceBlob>();
        foreach (var i in indexes)
        {
            records.Add(candidates.ToObservation(i));
            evidence.AddRange(candidates.EvidenceAt(i));
        }

        var (inline, separate) = SplitEvidence(evidence);
        await EvidenceRepository.InsertManyAsync(context, separate, now, cancellationToken);
        open ??= await FindOpenManyAsync(context, [.. records.Select(r => r.Fingerprint)], cancellationToken);
        var delta = new DailyAggregate();
        var rows = new List<(Observation Row, string? Text)>(records.Count);
        var created = MergeRows(records, open, merge, inline, delta, rows);
        await ObservationStatisticsRepository.ApplyDeltaAsync(context, delta, cancellationToken);
        await UpsertManyAsync(context, rows, cancellationToken);
        return created;
    }

    /// <summary>
    /// What the new rows add to the daily aggregate: a new open observation's contribution depends only on its TLD,
    /// threat, severity and its first and last UTC days, so each such group is applied once, times its size.
    /// </summary>
    private static void AddNewContributions(ObservationCandidates candidates, List<int> fresh, DailyAggregate delta)
    {
        var groups = new Dictionary<(string Tld, string Threat, int First, int Last), (int Example, int Count)>();
        foreach (var i in fresh)
        {
            var key = (candidates.TldAt(i), candidates.ThreatTypeIdAt(i), DayOf(candidates.FirstSeenAt(i)), DayOf(candidates.LastSeenAt(i)));
            groups[key] = groups.TryGetValue(key, out var group) ? (group.Example, group.Count + 1) : (i, 1);
        }

        foreach (var (example, count) in groups.Values)
        {
            delta.AddNewObservations(candidates.ToObservation(example), count);
        }
    }

    private static int DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime).DayNumber;
}

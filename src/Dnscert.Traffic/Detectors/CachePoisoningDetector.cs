using System.Runtime.InteropServices;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Spoofed answers and cache poisoning attempts (the Kaminsky pattern): bursts of responses for one name that
/// match no outstanding query (wrong ID, wrong port, or no query at all) sent to a client that is asking
/// questions. Outstanding queries are kept, bounded, for <see cref="Options.QueryTimeout"/> of capture time;
/// a response counts only when its client sent queries recently, so a capture that sees one direction only
/// stays silent instead of calling every response spoofed. Subject: the name under attack.
/// </summary>
public sealed class CachePoisoningDetector : WindowedDetector
{
    private static readonly Func<ReadOnlySpan<byte>, State> s_create = w => new State(QueryName.ToText(w));
    private readonly Options _options;
    private readonly Dictionary<PendingKey, DateTimeOffset> _pending = new();
    private readonly Dictionary<PacketAddress, DateTimeOffset> _askingClients = new();
    private readonly SubjectTable<ulong, State> _names;

    public CachePoisoningDetector(Options? options = null)
        : base(options ??= new Options(), options.MinUnmatchedResponses)
    {
        _options = options;
        _names = AddTable<ulong, State>();
    }

    public override string Id => "cache-poisoning";

    public override ThreatType ThreatType => ThreatTypes.CachePoisoning;

    /// <summary>Queries not remembered because the outstanding-query table was full.</summary>
    public long DroppedQueries { get; private set; }

    private protected override bool Wants(in DnsTransaction transaction) => true;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var message = transaction.Message;
        var wire = query.Wire;
        var nameHash = query.Hash;
        if (!message.IsResponse)
        {
            // One hash lookup per table while there is room (the common case); when full, only known keys are refreshed.
            var key = new PendingKey(transaction.Source, transaction.SourcePort, transaction.Destination, message.Id, nameHash);
            if (_pending.Count < _options.MaxOutstandingQueries)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out _) = transaction.Timestamp;
            }
            else if (_pending.ContainsKey(key))
            {
                _pending[key] = transaction.Timestamp;
            }
            else
            {
                DroppedQueries++;
            }

            if (_askingClients.Count < _options.MaxOutstandingQueries)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_askingClients, transaction.Source, out _) = transaction.Timestamp;
            }
            else if (_askingClients.ContainsKey(transaction.Source))
            {
                _askingClients[transaction.Source] = transaction.Timestamp;
            }

            return;
        }

        var responseKey = new PendingKey(transaction.Destination, transaction.DestinationPort, transaction.Source, message.Id, nameHash);
        // Matched responses (nearly all) are counted in the table's tally: the state object is not read for them.
        ref var matched = ref _names.Tally(nameHash, wire, s_create);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref matched))
        {
            return;
        }

        if (_pending.Remove(responseKey))
        {
            matched++;
            return;
        }

        var state = _names.Touch(nameHash, wire, s_create)!;

        if (!_askingClients.TryGetValue(transaction.Destination, out var lastQuery) || transaction.Timestamp - lastQuery > _options.QueryTimeout)
        {
            return;
        }

        state.Unmatched++;
        state.Ids ??= [];
        if (state.Ids.Count < 65_536)
        {
            state.Ids.Add(message.Id);
        }

        state.Evidence.AddName(nameHash, wire);
        state.Evidence.AddClient(transaction.Destination);
        state.Evidence.AddSample(message.Bytes);
    }

    private protected override Measurement Measure(SubjectState subject, DetectorWindow window)
    {
        var state = (State)subject;
        return new(state.Unmatched, state.DistinctIds >= _options.MinDistinctIds);
    }

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        return new Finding(new Subject(SubjectKind.Domain, state.Text),
            $"{state.Unmatched} responses for {state.Text} matched no outstanding query ({state.DistinctIds} distinct IDs)",
        [
            Metric.Of("unmatched_responses", state.Unmatched),
            Metric.Of("matched_responses", state.Tally),
            Metric.Of("distinct_ids", state.DistinctIds),
            Metric.Of("threshold_unmatched_responses", threshold),
            Metric.Of("threshold_distinct_ids", _options.MinDistinctIds),
            Metric.Of("baseline_unmatched_responses", state.Baseline.Mean),
        ]);
    }

    private protected override void WindowClosed(DateTimeOffset windowEnd)
    {
        Expire(_pending, windowEnd);
        Expire(_askingClients, windowEnd);
    }

    private void Expire<TKey>(Dictionary<TKey, DateTimeOffset> table, DateTimeOffset now)
        where TKey : notnull
    {
        foreach (var (key, seen) in table)
        {
            if (now - seen > _options.QueryTimeout)
            {
                table.Remove(key);
            }
        }
    }

    /// <summary>Thresholds of the cache poisoning detector (<see cref="DetectorOptions.MaxSubjects"/> counts names).</summary>
    public sealed class Options : DetectorOptions
    {
        /// <summary>How long a query waits for its response, in capture time (default 5 s).</summary>
        public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(5);

        /// <summary>No alarm below this many unmatched responses for one name in a window (default 20).</summary>
        public double MinUnmatchedResponses { get; init; } = 20;

        /// <summary>The unmatched responses must carry at least this many distinct IDs (default 10: guessing).</summary>
        public int MinDistinctIds { get; init; } = 10;

        /// <summary>Most outstanding queries and asking clients remembered (default 1 000 000 each).</summary>
        public int MaxOutstandingQueries { get; init; } = 1_000_000;
    }

    private readonly record struct PendingKey(PacketAddress Client, ushort ClientPort, PacketAddress Server, ushort Id, ulong NameHash)
    {
        /// <summary>
        /// Cheaper than the generated hash (which hashes both 128-bit addresses field by field) and still seeded per
        /// process by <see cref="HashCode"/>, so crafted names and IDs cannot aim at one bucket; equality stays exact.
        /// </summary>
        public override int GetHashCode() => HashCode.Combine(NameHash, Id, ClientPort, (ulong)Client.Bits, (ulong)Server.Bits);
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Unmatched;

        /// <summary>IDs of unmatched responses; created on the first one (most names only ever see matched responses).</summary>
        public HashSet<ushort>? Ids { get; set; }

        public int DistinctIds => Ids?.Count ?? 0;

        public override void ResetWindow()
        {
            Unmatched = 0;
            Ids?.Clear();
        }
    }
}

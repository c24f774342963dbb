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
    private const int AskLogSize = 4096;
    private static readonly Func<ReadOnlySpan<byte>, State> s_create = w => new State(QueryName.ToText(w));
    private readonly Options _options;
    private readonly FingerprintTable _pending = new();
    private readonly FingerprintTable _askingClients = new();
    private readonly NameTally<State> _names;

    // Asking clients are written on every query and read only for unmatched responses, so the writes are buffered
    // and applied in batches (before each read and at window close, so reads see every earlier query).
    private readonly ulong[] _askedKeys = new ulong[AskLogSize];
    private readonly long[] _askedTicks = new long[AskLogSize];
    private int _asked;

    public CachePoisoningDetector(Options? options = null)
        : base(options ??= new Options(), options.MinUnmatchedResponses)
    {
        _options = options;
        _names = AddTable(new NameTally<State>(options.MaxSubjects, SubjectTable<ulong, State>.DefaultIdleWindows));
    }

    public override string Id => "cache-poisoning";

    public override ThreatType ThreatType => ThreatTypes.CachePoisoning;

    /// <summary>Queries not remembered because the outstanding-query table was full.</summary>
    public long DroppedQueries { get; private set; }

    private protected override MessageKinds Wants => MessageKinds.Both;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var message = transaction.Message;
        var nameHash = query.Hash;
        var ticks = transaction.Timestamp.UtcTicks;
        if (!message.IsResponse)
        {
            // One slot per table while there is room (the common case); when full, only known keys are refreshed.
            if (!_pending.Set(PendingKey(query, transaction.SourcePort, message.Id), ticks, _options.MaxOutstandingQueries))
            {
                DroppedQueries++;
            }

            _askedKeys[_asked] = query.ClientKey;
            _askedTicks[_asked] = ticks;
            if (++_asked == AskLogSize)
            {
                ApplyAsked();
            }

            return;
        }

        // Every response is tallied for its name (the tally counts matched ones); only unmatched ones read a state.
        var matched = _pending.Remove(PendingKey(query, transaction.DestinationPort, message.Id));
        _names.Log(nameHash, query.NameKey, matched);
        if (matched)
        {
            return;
        }

        var state = _names.State(nameHash, query.Wire, s_create);
        if (state is null)
        {
            return;
        }

        ApplyAsked();
        if (!_askingClients.TryGet(query.ClientKey, out var lastQuery) || ticks - lastQuery > _options.QueryTimeout.Ticks)
        {
            return;
        }

        state.Unmatched++;
        state.Ids ??= [];
        if (state.Ids.Count < 65_536)
        {
            state.Ids.Add(message.Id);
        }

        state.Evidence.AddName(nameHash, query.Wire);
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
        ApplyAsked();
        _pending.Expire(windowEnd.UtcTicks, _options.QueryTimeout.Ticks);
        _askingClients.Expire(windowEnd.UtcTicks, _options.QueryTimeout.Ticks);
    }

    /// <summary>
    /// The fingerprint of one outstanding query: client address and port, server address, ID and name, mixed with the
    /// process seed (see <see cref="FingerprintTable"/> for what a shared fingerprint would mean). The client, server
    /// and name enter as the question view's keys, each already mixed with the seed, so one finaliser binds them to the
    /// port and ID (the name hash used to get a finaliser of its own here, two per message).
    /// </summary>
    private static ulong PendingKey(in QueryView query, ushort clientPort, ushort id) =>
        KeyMix.Add(query.ClientKey ^ (query.ServerKey * 0xD6E8FEB86659FD93UL) ^ query.NameKey, ((ulong)clientPort << 16) | id);

    private void ApplyAsked()
    {
        _askingClients.SetMany(_askedKeys.AsSpan(0, _asked), _askedTicks.AsSpan(0, _asked), _options.MaxOutstandingQueries);
        _asked = 0;
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

using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Random-subdomain ("water torture"): many distinct, never-repeated names under one zone, which defeat the
/// resolvers' caches and land on the zone's authoritative servers. Per zone and window it counts queries and
/// distinct query names (exactly, up to <see cref="Options.MaxDistinctNamesPerZone"/>) and alarms when the
/// distinct-name rate is above the floor, above the zone's learned rate times the factor, and most names are new.
/// </summary>
public sealed class RandomSubdomainDetector : WindowedDetector
{
    private static readonly Func<ReadOnlySpan<byte>, State> s_create = z => new State(QueryName.ToText(z));
    private readonly Options _options;
    private readonly SubjectTable<ulong, State> _zones;

    private const int AddBatch = 32;
    private readonly HashSet64?[] _addSets = new HashSet64?[AddBatch];
    private readonly ulong[] _addHashes = new ulong[AddBatch];
    private readonly ulong[] _addKeys = new ulong[AddBatch];
    private int _adds;

    /// <summary>Where the batch's first loads go, so they are not optimised away.</summary>
    private ulong _touched;

    // Names and clients are logged per message and counted only for zones that alarm (EvidenceLog).
    private readonly EvidenceLog _log = new();
    private readonly Func<bool, int, EvidenceCollector?> _collectorOf;

    public RandomSubdomainDetector(Options? options = null)
        : base(options ??= new Options(), options.MinDistinctNamesPerSecond)
    {
        _options = options;
        _zones = AddTable<ulong, State>();
        _collectorOf = (_, at) => _zones.StateAt(at)?.Evidence;
    }

    public override string Id => "random-subdomain";

    public override ThreatType ThreatType => ThreatTypes.RandomSubdomain;

    private protected override MessageKinds Wants => MessageKinds.Queries;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        if (query.ZoneStart == 0)
        {
            return;
        }

        var state = _zones.Touch(query.ZoneHash, query.ZoneKey, query.Zone, s_create);
        if (state is null)
        {
            return;
        }

        // The first three messages of the window are the samples (the collector keeps three).
        if (state.Queries++ < 3)
        {
            state.Evidence.AddSample(transaction.Message.Bytes);
        }

        // Distinct names are counted in batches (nothing reads the counts before the window closes).
        var at = _adds;
        _addSets[at] = state.Names;
        _addHashes[at] = query.Hash;
        _addKeys[at] = query.NameKey;
        if (++_adds == AddBatch)
        {
            ApplyAdds();
        }

        if (!_log.TryLog(state.Slot, -1, query, transaction.Client, _collectorOf))
        {
            state.Evidence.AddName(query);
            state.Evidence.AddClient(transaction.Client, query.ClientKey);
        }
    }

    private protected override void LoadEvidence(SubjectState state) => _log.Replay(state.Slot, false, state.Evidence, _collectorOf);

    private protected override void WindowClosing() => ApplyAdds();

    private protected override void WindowClosed(DateTimeOffset windowEnd) => _log.Clear();

    /// <summary>
    /// Adds the buffered names to their zones' sets, in arrival order, each while its set is below the bound: first
    /// every name's home slot is loaded (independent loads, so their cache misses overlap), then the adds run.
    /// </summary>
    private void ApplyAdds()
    {
        var touched = 0UL;
        for (var i = 0; i < _adds; i++)
        {
            touched ^= _addSets[i]!.Home(_addKeys[i]);
        }

        _touched = touched;
        var max = _options.MaxDistinctNamesPerZone;
        for (var i = 0; i < _adds; i++)
        {
            var names = _addSets[i]!;
            if (names.Count < max)
            {
                names.Add(_addHashes[i], _addKeys[i]);
            }
        }

        _adds = 0;
    }

    private protected override Measurement Measure(SubjectState subject, DetectorWindow window)
    {
        var state = (State)subject;
        return new(state.Names.Count / window.Seconds, Ratio(state) >= _options.MinDistinctRatio);
    }

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        var ratio = Ratio(state);
        return new Finding(new Subject(SubjectKind.Zone, state.Text),
            $"{value:0} distinct names/s under {state.Text} ({ratio:P0} of queries new; baseline {state.Baseline.Mean:0}/s)",
        [
            Metric.Of("queries", state.Queries),
            Metric.Of("distinct_names", state.Names.Count),
            Metric.Of("distinct_names_per_second", value),
            Metric.Of("distinct_ratio", ratio),
            Metric.Of("threshold_distinct_names_per_second", threshold),
            Metric.Of("threshold_distinct_ratio", _options.MinDistinctRatio),
            Metric.Of("baseline_distinct_names_per_second", state.Baseline.Mean),
            Metric.Of("distinct_clients", state.Evidence.DistinctClients),
        ]);
    }

    private static double Ratio(State state) => (double)state.Names.Count / state.Queries;

    /// <summary>Thresholds of the random-subdomain detector (<see cref="DetectorOptions.MaxSubjects"/> counts zones).</summary>
    public sealed class Options : RateDetectorOptions
    {
        /// <summary>No alarm below this many distinct names per second under one zone (default 50).</summary>
        public double MinDistinctNamesPerSecond { get; init; } = 50;

        /// <summary>At least this share of the zone's queries must be distinct names (default 0.5).</summary>
        public double MinDistinctRatio { get; init; } = 0.5;

        /// <summary>Distinct names counted per zone and window; beyond it the count saturates (default 65 536).</summary>
        public int MaxDistinctNamesPerZone { get; init; } = 65_536;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Queries;

        public HashSet64 Names { get; } = new();

        public override void ResetWindow()
        {
            Queries = 0;
            Names.Clear();
        }
    }
}

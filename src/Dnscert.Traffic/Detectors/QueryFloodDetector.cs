using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Query flood: the query rate towards one server address, or for one zone, far above both an absolute floor
/// and that subject's learned rate. The floor keeps small servers from alerting on a tenfold rise from a trickle.
/// </summary>
public sealed class QueryFloodDetector : WindowedDetector
{
    private static readonly Func<PacketAddress, State> s_createServer = a => new State(SubjectKind.IpAddress, a.ToString());
    private static readonly Func<ReadOnlySpan<byte>, State> s_createZone = z => new State(SubjectKind.Zone, QueryName.ToText(z));
    private readonly SubjectTable<PacketAddress, State> _servers;
    private readonly SubjectTable<ulong, State> _zones;

    // Names and clients are logged per message and counted only for subjects that alarm (EvidenceLog); servers are
    // the log's first subjects, zones its second.
    private readonly EvidenceLog _log = new();
    private readonly Func<bool, int, EvidenceCollector?> _collectorOf;

    public QueryFloodDetector(Options? options = null)
        : base(options ??= new Options(), options.MinQueriesPerSecond)
    {
        _servers = AddTable<PacketAddress, State>();
        _zones = AddTable<ulong, State>();
        _collectorOf = (zone, at) => (zone ? _zones.StateAt(at) : _servers.StateAt(at))?.Evidence;
    }

    public override string Id => "query-flood";

    public override ThreatType ThreatType => ThreatTypes.QueryFlood;

    /// <summary>Subjects not tracked because the tables were full.</summary>
    public long DroppedSubjects => _servers.DroppedSubjects + _zones.DroppedSubjects;

    private protected override MessageKinds Wants => MessageKinds.Queries;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var server = _servers.Touch(transaction.Server, query.ServerKey, transaction.Server, s_createServer);
        var zone = query.Wire.Length > 1 ? _zones.Touch(query.ZoneHash, query.ZoneKey, query.Zone, s_createZone) : null;
        Count(server, transaction);
        Count(zone, transaction);
        if ((server is not null || zone is not null)
            && !_log.TryLog(server?.Slot ?? -1, zone?.Slot ?? -1, query, transaction.Client, _collectorOf))
        {
            server?.Evidence.AddName(query);
            server?.Evidence.AddClient(transaction.Client, query.ClientKey);
            zone?.Evidence.AddName(query);
            zone?.Evidence.AddClient(transaction.Client, query.ClientKey);
        }
    }

    private protected override Measurement Measure(SubjectState state, DetectorWindow window) =>
        new(((State)state).Queries / window.Seconds);

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        return new Finding(new Subject(state.Kind, state.Text), $"{value:0} queries/s to {state.Text} (baseline {state.Baseline.Mean:0}/s)",
        [
            Metric.Of("queries", state.Queries),
            Metric.Of("queries_per_second", value),
            Metric.Of("threshold_queries_per_second", threshold),
            Metric.Of("baseline_queries_per_second", state.Baseline.Mean),
            Metric.Of("baseline_windows", state.Baseline.Windows),
            Metric.Of("distinct_clients", state.Evidence.DistinctClients),
        ]);
    }

    private static void Count(State? state, in DnsTransaction transaction)
    {
        if (state is null)
        {
            return;
        }

        // The first three messages of the window are the samples (the collector keeps three).
        if (state.Queries++ < 3)
        {
            state.Evidence.AddSample(transaction.Message.Bytes);
        }
    }

    private protected override void LoadEvidence(SubjectState state) =>
        _log.Replay(state.Slot, ((State)state).Kind == SubjectKind.Zone, state.Evidence, _collectorOf);

    private protected override void WindowClosed(DateTimeOffset windowEnd) => _log.Clear();

    /// <summary>Thresholds of the query flood detector (<see cref="DetectorOptions.MaxSubjects"/> counts servers plus zones).</summary>
    public sealed class Options : RateDetectorOptions
    {
        /// <summary>No alarm below this rate, whatever the baseline (default 500 queries/s).</summary>
        public double MinQueriesPerSecond { get; init; } = 500;
    }

    private sealed class State(SubjectKind kind, string text) : SubjectState(text)
    {
        public SubjectKind Kind { get; } = kind;

        public long Queries;

        public override void ResetWindow() => Queries = 0;
    }
}

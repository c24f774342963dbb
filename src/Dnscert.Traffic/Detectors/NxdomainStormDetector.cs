using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// NXDOMAIN storm: the rate of NXDOMAIN responses for one zone far above its learned rate and most of the
/// zone's responses NXDOMAIN. It reads responses only, so it needs a capture that sees them (pcap on the
/// server or resolver, dnstap *_RESPONSE messages).
/// </summary>
public sealed class NxdomainStormDetector : WindowedDetector
{
    private static readonly Func<ReadOnlySpan<byte>, State> s_create = z => new State(QueryName.ToText(z));
    private readonly Options _options;
    private readonly SubjectTable<ulong, State> _zones;

    // Names and clients of NXDOMAIN responses are logged and counted only for zones that alarm (EvidenceLog).
    private readonly EvidenceLog _log = new();
    private readonly Func<bool, int, EvidenceCollector?> _collectorOf;

    public NxdomainStormDetector(Options? options = null)
        : base(options ??= new Options(), options.MinNxdomainPerSecond)
    {
        _options = options;
        _zones = AddTable<ulong, State>();
        _collectorOf = (_, at) => _zones.StateAt(at)?.Evidence;
    }

    public override string Id => "nxdomain-storm";

    public override ThreatType ThreatType => ThreatTypes.NxdomainStorm;

    private protected override MessageKinds Wants => MessageKinds.Responses;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var wire = query.Wire;
        if (wire.Length <= 1)
        {
            return;
        }

        var state = _zones.Touch(query.ZoneHash, query.ZoneKey, query.Zone, s_create);
        if (state is null)
        {
            return;
        }

        state.Responses++;
        if (transaction.Message.ResponseCode == DnsResponseCode.NXDomain)
        {
            // The first three NXDOMAIN responses of the window are the samples (the collector keeps three).
            if (state.Nxdomain++ < 3)
            {
                state.Evidence.AddSample(transaction.Message.Bytes);
            }

            if (!_log.TryLog(state.Slot, -1, query, transaction.Client, _collectorOf))
            {
                state.Evidence.AddName(query);
                state.Evidence.AddClient(transaction.Client, query.ClientKey);
            }
        }
    }

    private protected override void LoadEvidence(SubjectState state) => _log.Replay(state.Slot, false, state.Evidence, _collectorOf);

    private protected override void WindowClosed(DateTimeOffset windowEnd) => _log.Clear();

    private protected override Measurement Measure(SubjectState subject, DetectorWindow window)
    {
        var state = (State)subject;
        return new(state.Nxdomain / window.Seconds, Share(state) >= _options.MinNxdomainShare);
    }

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        var share = Share(state);
        return new Finding(new Subject(SubjectKind.Zone, state.Text),
            $"{value:0} NXDOMAIN/s for {state.Text} ({share:P0} of responses; baseline {state.Baseline.Mean:0}/s)",
        [
            Metric.Of("responses", state.Responses),
            Metric.Of("nxdomain", state.Nxdomain),
            Metric.Of("nxdomain_per_second", value),
            Metric.Of("nxdomain_share", share),
            Metric.Of("threshold_nxdomain_per_second", threshold),
            Metric.Of("threshold_nxdomain_share", _options.MinNxdomainShare),
            Metric.Of("baseline_nxdomain_per_second", state.Baseline.Mean),
        ]);
    }

    private static double Share(State state) => (double)state.Nxdomain / state.Responses;

    /// <summary>Thresholds of the NXDOMAIN storm detector (<see cref="DetectorOptions.MaxSubjects"/> counts zones).</summary>
    public sealed class Options : RateDetectorOptions
    {
        /// <summary>No alarm below this many NXDOMAIN responses per second for one zone (default 50).</summary>
        public double MinNxdomainPerSecond { get; init; } = 50;

        /// <summary>At least this share of the zone's responses must be NXDOMAIN (default 0.5).</summary>
        public double MinNxdomainShare { get; init; } = 0.5;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Responses;
        public long Nxdomain;

        public override void ResetWindow() => Responses = Nxdomain = 0;
    }
}

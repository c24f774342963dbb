using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// DGA-like query names: a client asking for many distinct zones whose registrable label (the one left of
/// the TLD or the short second-level suffix) scores below <see cref="Options.MaxScore"/> in the character
/// model (<see cref="DgaModel"/>). Infected hosts try dozens to thousands of generated domains per hour, so
/// the subject is the client address. Labels shorter than <see cref="Options.MinLabelLength"/> are not
/// scored: short benign labels (abbreviations, brand names) look random to any character model.
/// </summary>
public sealed class DgaDetector : WindowedDetector
{
    private readonly Options _options;
    private readonly DgaModel _model;
    private readonly SubjectTable<PacketAddress, State> _clients;

    public DgaDetector(Options? options = null, DgaModel? model = null)
        : base(options ??= new Options(), options.MinSuspiciousZones)
    {
        _options = options;
        _model = model ?? DgaModel.Default;
        _clients = AddTable<PacketAddress, State>();
    }

    public override string Id => "dga";

    public override ThreatType ThreatType => ThreatTypes.Dga;

    private protected override MessageKinds Wants => MessageKinds.Queries;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var zone = query.Zone;
        var label = QueryName.FirstLabel(zone);
        if (label.Length < _options.MinLabelLength || _model.Score(label) > _options.MaxScore)
        {
            return;
        }

        var state = _clients.Touch(transaction.Client, transaction.Client, a => new State(a.ToString()));
        if (state is null)
        {
            return;
        }

        var zoneHash = query.ZoneHash;
        if (state.Zones.Count < 65_536 && state.Zones.Add(zoneHash))
        {
            state.Evidence.AddName(zoneHash, zone);
            state.Evidence.AddSample(transaction.Message.Bytes);
        }

        state.Evidence.AddClient(transaction.Server);
    }

    private protected override Measurement Measure(SubjectState state, DetectorWindow window) =>
        new(((State)state).Zones.Count);

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        return new Finding(new Subject(SubjectKind.IpAddress, state.Text),
            $"{state.Text} asked for {state.Zones.Count} algorithmic-looking domains",
        [
            Metric.Of("suspicious_zones", state.Zones.Count),
            Metric.Of("threshold_suspicious_zones", threshold),
            Metric.Of("threshold_score", _options.MaxScore),
            Metric.Of("min_label_length", _options.MinLabelLength),
            Metric.Of("baseline_suspicious_zones", state.Baseline.Mean),
        ]);
    }

    /// <summary>Thresholds of the DGA detector (<see cref="DetectorOptions.MaxSubjects"/> counts clients).</summary>
    public sealed class Options : DetectorOptions
    {
        /// <summary>Labels scoring at or below this mean log probability are suspicious (default -3.4; see docs/detectors.md for the measured rates).</summary>
        public double MaxScore { get; init; } = -3.4;

        /// <summary>Shorter registrable labels are not scored (default 8).</summary>
        public int MinLabelLength { get; init; } = 8;

        /// <summary>No alarm below this many distinct suspicious domains from one client in a window (default 10).</summary>
        public double MinSuspiciousZones { get; init; } = 10;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public HashSet<ulong> Zones { get; } = [];

        public override void ResetWindow() => Zones.Clear();
    }
}

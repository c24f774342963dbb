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
public sealed class DgaDetector(DgaDetector.Options? options = null, DgaModel? model = null) : IDetector
{
    private readonly Options _options = options ?? new Options();
    private readonly DgaModel _model = model ?? DgaModel.Default;
    private readonly SubjectTable<PacketAddress, State> _clients = new((options ?? new Options()).MaxSubjects, 360);
    private DateTimeOffset? _windowStart;

    public string Id => "dga";

    public ThreatType ThreatType => ThreatTypes.Dga;

    public void Observe(in DnsTransaction transaction)
    {
        if (transaction.Message.IsResponse)
        {
            return;
        }

        _windowStart ??= transaction.Timestamp;
        Span<byte> name = stackalloc byte[255];
        var wire = name[..QueryName.CopyFirstQuestion(transaction.Message, name)];
        var zoneStart = QueryName.ZoneStart(wire);
        var zone = wire[zoneStart..];
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

        var zoneHash = QueryName.Hash(zone);
        if (state.Zones.Count < 65_536 && state.Zones.Add(zoneHash))
        {
            state.Evidence.AddName(zoneHash, zone);
            state.Evidence.AddSample(transaction.Message.Bytes);
        }

        state.Evidence.AddClient(transaction.Server);
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        var start = _windowStart ?? windowEnd;
        foreach (var state in _clients.Seen)
        {
            double count = state.Zones.Count;
            if (state.Baseline.IsAnomalous(count, _options.MinSuspiciousZones, _options.BaselineFactor, _clients.WarmingUp))
            {
                var metrics = new List<KeyValuePair<string, string>>
                {
                    Metric.Of("suspicious_zones", state.Zones.Count),
                    Metric.Of("threshold_suspicious_zones", Math.Max(_options.MinSuspiciousZones, _options.BaselineFactor * state.Baseline.Mean)),
                    Metric.Of("threshold_score", _options.MaxScore),
                    Metric.Of("min_label_length", _options.MinLabelLength),
                    Metric.Of("baseline_suspicious_zones", state.Baseline.Mean),
                };
                state.Evidence.AppendTop(metrics);
                found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(count, _options.MinSuspiciousZones),
                    new Subject(SubjectKind.IpAddress, state.Text), start, windowEnd,
                    $"{state.Text} asked for {state.Zones.Count} algorithmic-looking domains",
                    metrics, state.Evidence.Samples()));
            }
            else
            {
                state.Baseline.Learn(count, _options.BaselineAlpha);
            }
        }

        _clients.EndWindow();
        _windowStart = null;
        return found;
    }

    /// <summary>Thresholds of the DGA detector.</summary>
    public sealed class Options
    {
        /// <summary>Labels scoring at or below this mean log probability are suspicious (default -3.4; see docs/detectors.md for the measured rates).</summary>
        public double MaxScore { get; init; } = -3.4;

        /// <summary>Shorter registrable labels are not scored (default 8).</summary>
        public int MinLabelLength { get; init; } = 8;

        /// <summary>No alarm below this many distinct suspicious domains from one client in a window (default 10).</summary>
        public double MinSuspiciousZones { get; init; } = 10;

        /// <summary>Alarm when the count is this many times the client's learned count (default 5).</summary>
        public double BaselineFactor { get; init; } = 5;

        /// <summary>Weight of the newest window in the learned count (default 0.1).</summary>
        public double BaselineAlpha { get; init; } = 0.1;

        /// <summary>Most clients tracked at once (default 100 000).</summary>
        public int MaxSubjects { get; init; } = 100_000;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public HashSet<ulong> Zones { get; } = [];

        public override void ResetWindow() => Zones.Clear();
    }
}

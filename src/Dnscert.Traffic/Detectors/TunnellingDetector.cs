using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Dns;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// DNS tunnelling: data encoded into the labels left of one zone. Per zone and window it counts "encoded"
/// queries — at least <see cref="Options.MinEncodedLength"/> characters left of the zone with at least
/// <see cref="Options.MinEntropyBits"/> bits of entropy per character (base32/base64/hex) — their encoded
/// bytes, and TXT/NULL queries (the usual downstream channel). It alarms when the encoded bytes per window
/// exceed the floor and the zone's learned volume times the factor.
/// </summary>
public sealed class TunnellingDetector : WindowedDetector
{
    private const RRType NullType = (RRType)10;
    private readonly Options _options;
    private readonly SubjectTable<ulong, State> _zones;

    public TunnellingDetector(Options? options = null)
        : base(options ??= new Options(), options.MinEncodedBytes)
    {
        _options = options;
        _zones = AddTable<ulong, State>();
    }

    public override string Id => "dns-tunnelling";

    public override ThreatType ThreatType => ThreatTypes.Tunnelling;

    private protected override MessageKinds Wants => MessageKinds.Queries;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var zoneStart = query.ZoneStart;
        if (zoneStart == 0)
        {
            return;
        }

        var wire = query.Wire;
        var prefix = wire[..zoneStart];
        var length = QueryName.TextLength(prefix);
        if (length < _options.MinEncodedLength || QueryName.LabelEntropy(prefix) < _options.MinEntropyBits)
        {
            return;
        }

        var state = _zones.Touch(query.ZoneHash, query.Zone, z => new State(QueryName.ToText(z)));
        if (state is null)
        {
            return;
        }

        state.EncodedQueries++;
        state.EncodedBytes += length;
        var type = transaction.Message.Questions[0].Type;
        if (type is RRType.TXT or NullType)
        {
            state.TxtOrNull++;
        }

        state.Evidence.AddName(query.Hash, wire);
        state.Evidence.AddClient(transaction.Client);
        state.Evidence.AddSample(transaction.Message.Bytes);
    }

    private protected override Measurement Measure(SubjectState subject, DetectorWindow window)
    {
        var state = (State)subject;
        return new(state.EncodedBytes, state.EncodedQueries >= _options.MinEncodedQueries);
    }

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        return new Finding(new Subject(SubjectKind.Zone, state.Text),
            $"{state.EncodedBytes} encoded bytes in {state.EncodedQueries} queries under {state.Text} ({state.TxtOrNull} TXT/NULL)",
        [
            Metric.Of("encoded_queries", state.EncodedQueries),
            Metric.Of("encoded_bytes", state.EncodedBytes),
            Metric.Of("txt_or_null_queries", state.TxtOrNull),
            Metric.Of("threshold_encoded_bytes", threshold),
            Metric.Of("threshold_encoded_queries", _options.MinEncodedQueries),
            Metric.Of("threshold_entropy_bits", _options.MinEntropyBits),
            Metric.Of("baseline_encoded_bytes", state.Baseline.Mean),
        ]);
    }

    /// <summary>Thresholds of the tunnelling detector (<see cref="DetectorOptions.MaxSubjects"/> counts zones).</summary>
    public sealed class Options : DetectorOptions
    {
        /// <summary>Characters left of the zone for a query to count as encoded (default 30).</summary>
        public int MinEncodedLength { get; init; } = 30;

        /// <summary>Entropy per character of those labels for a query to count as encoded (default 3.5 bits).</summary>
        public double MinEntropyBits { get; init; } = 3.5;

        /// <summary>No alarm below this many encoded queries in a window (default 20).</summary>
        public int MinEncodedQueries { get; init; } = 20;

        /// <summary>No alarm below this many encoded bytes in a window (default 1 000).</summary>
        public double MinEncodedBytes { get; init; } = 1000;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long EncodedQueries;
        public long EncodedBytes;
        public long TxtOrNull;

        public override void ResetWindow() => EncodedQueries = EncodedBytes = TxtOrNull = 0;
    }
}

using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Dns;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Reflection and amplification: a victim address receiving large or ANY responses from many servers (the
/// reflectors answer queries forged with the victim's source). The victim is the subject. Per victim and
/// window it counts amplifying responses (qtype ANY, or at least <see cref="Options.LargeResponseBytes"/>),
/// their bytes and the distinct servers that sent them; the bytes of queries seen from the victim give the
/// amplification factor in the evidence when the capture holds them.
/// </summary>
public sealed class AmplificationDetector : WindowedDetector
{
    private readonly Options _options;
    private readonly SubjectTable<PacketAddress, State> _victims;

    public AmplificationDetector(Options? options = null)
        : base(options ??= new Options(), options.MinResponsesPerSecond)
    {
        _options = options;
        _victims = AddTable<PacketAddress, State>();
    }

    public override string Id => "amplification";

    public override ThreatType ThreatType => ThreatTypes.Amplification;

    private protected override MessageKinds Wants => MessageKinds.Both;

    private protected override void ObserveCore(in DnsTransaction transaction, in QueryView query)
    {
        var message = transaction.Message;
        var questions = message.Questions;
        var isAny = questions.Length > 0 && questions[0].Type == RRType.ANY;
        if (!message.IsResponse)
        {
            if (isAny)
            {
                var asker = _victims.Touch(transaction.Client, transaction.Client, a => new State(a.ToString()));
                if (asker is not null)
                {
                    asker.QueryBytes += message.Bytes.Length;
                }
            }

            return;
        }

        var size = message.Bytes.Length;
        if (!isAny && size < _options.LargeResponseBytes)
        {
            return;
        }

        var state = _victims.Touch(transaction.Client, transaction.Client, a => new State(a.ToString()));
        if (state is null)
        {
            return;
        }

        state.Responses++;
        state.ResponseBytes += size;
        if (state.Reflectors.Count < 65_536)
        {
            state.Reflectors.Add(transaction.Server);
        }

        state.Evidence.AddName(query.Hash, query.Wire);
        state.Evidence.AddClient(transaction.Server);
        state.Evidence.AddSample(message.Bytes);
    }

    private protected override Measurement Measure(SubjectState subject, DetectorWindow window)
    {
        var state = (State)subject;
        return new(state.Responses / window.Seconds, state.Reflectors.Count >= _options.MinReflectors);
    }

    private protected override Finding Describe(SubjectState subject, DetectorWindow window, double value, double threshold)
    {
        var state = (State)subject;
        return new Finding(new Subject(SubjectKind.IpAddress, state.Text),
            $"{value:0} large/ANY responses/s to {state.Text} from {state.Reflectors.Count} servers ({state.ResponseBytes / window.Seconds / 1000:0} kB/s)",
        [
            Metric.Of("amplifying_responses", state.Responses),
            Metric.Of("amplifying_responses_per_second", value),
            Metric.Of("response_bytes_per_second", state.ResponseBytes / window.Seconds),
            Metric.Of("reflectors", state.Reflectors.Count),
            Metric.Of("amplification_factor", state.QueryBytes == 0 ? 0 : (double)state.ResponseBytes / state.QueryBytes),
            Metric.Of("threshold_responses_per_second", threshold),
            Metric.Of("threshold_reflectors", _options.MinReflectors),
            Metric.Of("baseline_responses_per_second", state.Baseline.Mean),
        ]);
    }

    /// <summary>Thresholds of the amplification detector (<see cref="DetectorOptions.MaxSubjects"/> counts victims).</summary>
    public sealed class Options : RateDetectorOptions
    {
        /// <summary>A response this large counts as amplifying whatever its type (default 1 200 bytes).</summary>
        public int LargeResponseBytes { get; init; } = 1200;

        /// <summary>No alarm below this many amplifying responses per second to one address (default 50).</summary>
        public double MinResponsesPerSecond { get; init; } = 50;

        /// <summary>At least this many distinct servers must send them (default 3; one busy server is not reflection).</summary>
        public int MinReflectors { get; init; } = 3;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Responses;
        public long ResponseBytes;
        public long QueryBytes;

        public HashSet<PacketAddress> Reflectors { get; } = [];

        public override void ResetWindow()
        {
            Responses = ResponseBytes = QueryBytes = 0;
            Reflectors.Clear();
        }
    }
}

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
public sealed class AmplificationDetector(AmplificationDetector.Options? options = null) : IDetector
{
    private readonly Options _options = options ?? new Options();
    private readonly SubjectTable<PacketAddress, State> _victims = new((options ?? new Options()).MaxSubjects, 360);
    private DateTimeOffset? _windowStart;

    public string Id => "amplification";

    public ThreatType ThreatType => ThreatTypes.Amplification;

    public void Observe(in DnsTransaction transaction)
    {
        _windowStart ??= transaction.Timestamp;
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

        Span<byte> name = stackalloc byte[255];
        var wire = name[..QueryName.CopyFirstQuestion(message, name)];
        state.Evidence.AddName(QueryName.Hash(wire), wire);
        state.Evidence.AddClient(transaction.Server);
        state.Evidence.AddSample(message.Bytes);
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        var seconds = Math.Max((windowEnd - (_windowStart ?? windowEnd)).TotalSeconds, _options.Window.TotalSeconds);
        foreach (var state in _victims.Seen)
        {
            var rate = state.Responses / seconds;
            if (state.Reflectors.Count >= _options.MinReflectors && state.Baseline.IsAnomalous(rate, _options.MinResponsesPerSecond, _options.BaselineFactor, _victims.WarmingUp))
            {
                var metrics = new List<KeyValuePair<string, string>>
                {
                    Metric.Of("amplifying_responses", state.Responses),
                    Metric.Of("amplifying_responses_per_second", rate),
                    Metric.Of("response_bytes_per_second", state.ResponseBytes / seconds),
                    Metric.Of("reflectors", state.Reflectors.Count),
                    Metric.Of("amplification_factor", state.QueryBytes == 0 ? 0 : (double)state.ResponseBytes / state.QueryBytes),
                    Metric.Of("threshold_responses_per_second", Math.Max(_options.MinResponsesPerSecond, _options.BaselineFactor * state.Baseline.Mean)),
                    Metric.Of("threshold_reflectors", _options.MinReflectors),
                    Metric.Of("baseline_responses_per_second", state.Baseline.Mean),
                };
                state.Evidence.AppendTop(metrics);
                found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(rate, _options.MinResponsesPerSecond),
                    new Subject(SubjectKind.IpAddress, state.Text), windowEnd - TimeSpan.FromSeconds(seconds), windowEnd,
                    $"{rate:0} large/ANY responses/s to {state.Text} from {state.Reflectors.Count} servers ({state.ResponseBytes / seconds / 1000:0} kB/s)",
                    metrics, state.Evidence.Samples()));
            }
            else
            {
                state.Baseline.Learn(rate, _options.BaselineAlpha);
            }
        }

        _victims.EndWindow();
        _windowStart = null;
        return found;
    }

    /// <summary>Thresholds of the amplification detector.</summary>
    public sealed class Options
    {
        /// <summary>Nominal window length; rates are per second of the observed window, at least this long.</summary>
        public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>A response this large counts as amplifying whatever its type (default 1 200 bytes).</summary>
        public int LargeResponseBytes { get; init; } = 1200;

        /// <summary>No alarm below this many amplifying responses per second to one address (default 50).</summary>
        public double MinResponsesPerSecond { get; init; } = 50;

        /// <summary>At least this many distinct servers must send them (default 3; one busy server is not reflection).</summary>
        public int MinReflectors { get; init; } = 3;

        /// <summary>Alarm when the rate is this many times the learned rate (default 5).</summary>
        public double BaselineFactor { get; init; } = 5;

        /// <summary>Weight of the newest window in the learned rate (default 0.1).</summary>
        public double BaselineAlpha { get; init; } = 0.1;

        /// <summary>Most victims tracked at once (default 100 000).</summary>
        public int MaxSubjects { get; init; } = 100_000;
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

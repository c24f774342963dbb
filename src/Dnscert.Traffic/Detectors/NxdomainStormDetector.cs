using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// NXDOMAIN storm: the rate of NXDOMAIN responses for one zone far above its learned rate and most of the
/// zone's responses NXDOMAIN. It reads responses only, so it needs a capture that sees them (pcap on the
/// server or resolver, dnstap *_RESPONSE messages).
/// </summary>
public sealed class NxdomainStormDetector(NxdomainStormDetector.Options? options = null) : IDetector
{
    private readonly Options _options = options ?? new Options();
    private readonly SubjectTable<ulong, State> _zones = new((options ?? new Options()).MaxSubjects, 360);
    private DateTimeOffset? _windowStart;

    public string Id => "nxdomain-storm";

    public ThreatType ThreatType => ThreatTypes.NxdomainStorm;

    public void Observe(in DnsTransaction transaction)
    {
        if (!transaction.Message.IsResponse)
        {
            return;
        }

        _windowStart ??= transaction.Timestamp;
        Span<byte> name = stackalloc byte[255];
        var wire = name[..QueryName.CopyFirstQuestion(transaction.Message, name)];
        if (wire.Length <= 1)
        {
            return;
        }

        var zone = wire[QueryName.ZoneStart(wire)..];
        var state = _zones.Touch(QueryName.Hash(zone), zone, z => new State(QueryName.ToText(z)));
        if (state is null)
        {
            return;
        }

        state.Responses++;
        if (transaction.Message.ResponseCode == DnsResponseCode.NXDomain)
        {
            state.Nxdomain++;
            state.Evidence.AddName(QueryName.Hash(wire), wire);
            state.Evidence.AddClient(transaction.Client);
            state.Evidence.AddSample(transaction.Message.Bytes);
        }
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        var seconds = Math.Max((windowEnd - (_windowStart ?? windowEnd)).TotalSeconds, _options.Window.TotalSeconds);
        foreach (var state in _zones.Seen)
        {
            var rate = state.Nxdomain / seconds;
            var share = (double)state.Nxdomain / state.Responses;
            if (share >= _options.MinNxdomainShare && state.Baseline.IsAnomalous(rate, _options.MinNxdomainPerSecond, _options.BaselineFactor, _zones.WarmingUp))
            {
                var metrics = new List<KeyValuePair<string, string>>
                {
                    Metric.Of("responses", state.Responses),
                    Metric.Of("nxdomain", state.Nxdomain),
                    Metric.Of("nxdomain_per_second", rate),
                    Metric.Of("nxdomain_share", share),
                    Metric.Of("threshold_nxdomain_per_second", Math.Max(_options.MinNxdomainPerSecond, _options.BaselineFactor * state.Baseline.Mean)),
                    Metric.Of("threshold_nxdomain_share", _options.MinNxdomainShare),
                    Metric.Of("baseline_nxdomain_per_second", state.Baseline.Mean),
                };
                state.Evidence.AppendTop(metrics);
                found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(rate, _options.MinNxdomainPerSecond),
                    new Subject(SubjectKind.Zone, state.Text), windowEnd - TimeSpan.FromSeconds(seconds), windowEnd,
                    $"{rate:0} NXDOMAIN/s for {state.Text} ({share:P0} of responses; baseline {state.Baseline.Mean:0}/s)",
                    metrics, state.Evidence.Samples()));
            }
            else
            {
                state.Baseline.Learn(rate, _options.BaselineAlpha);
            }
        }

        _zones.EndWindow();
        _windowStart = null;
        return found;
    }

    /// <summary>Thresholds of the NXDOMAIN storm detector.</summary>
    public sealed class Options
    {
        /// <summary>Nominal window length; rates are per second of the observed window, at least this long.</summary>
        public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>No alarm below this many NXDOMAIN responses per second for one zone (default 50).</summary>
        public double MinNxdomainPerSecond { get; init; } = 50;

        /// <summary>At least this share of the zone's responses must be NXDOMAIN (default 0.5).</summary>
        public double MinNxdomainShare { get; init; } = 0.5;

        /// <summary>Alarm when the NXDOMAIN rate is this many times the learned rate (default 5).</summary>
        public double BaselineFactor { get; init; } = 5;

        /// <summary>Weight of the newest window in the learned rate (default 0.1).</summary>
        public double BaselineAlpha { get; init; } = 0.1;

        /// <summary>Most zones tracked at once (default 100 000).</summary>
        public int MaxSubjects { get; init; } = 100_000;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Responses;
        public long Nxdomain;

        public override void ResetWindow() => Responses = Nxdomain = 0;
    }
}

using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Random-subdomain ("water torture"): many distinct, never-repeated names under one zone, which defeat the
/// resolvers' caches and land on the zone's authoritative servers. Per zone and window it counts queries and
/// distinct query names (exactly, up to <see cref="Options.MaxDistinctNamesPerZone"/>) and alarms when the
/// distinct-name rate is above the floor, above the zone's learned rate times the factor, and most names are new.
/// </summary>
public sealed class RandomSubdomainDetector(RandomSubdomainDetector.Options? options = null) : IDetector
{
    private readonly Options _options = options ?? new Options();
    private readonly SubjectTable<ulong, State> _zones = new((options ?? new Options()).MaxSubjects, 360);
    private DateTimeOffset? _windowStart;

    public string Id => "random-subdomain";

    public ThreatType ThreatType => ThreatTypes.RandomSubdomain;

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
        if (zoneStart == 0)
        {
            return;
        }

        var zone = wire[zoneStart..];
        var state = _zones.Touch(QueryName.Hash(zone), zone, z => new State(QueryName.ToText(z)));
        if (state is null)
        {
            return;
        }

        state.Queries++;
        var hash = QueryName.Hash(wire);
        if (state.Names.Count < _options.MaxDistinctNamesPerZone)
        {
            state.Names.Add(hash);
        }

        state.Evidence.AddName(hash, wire);
        state.Evidence.AddClient(transaction.Client);
        state.Evidence.AddSample(transaction.Message.Bytes);
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        var seconds = Math.Max((windowEnd - (_windowStart ?? windowEnd)).TotalSeconds, _options.Window.TotalSeconds);
        foreach (var state in _zones.Seen)
        {
            var distinctRate = state.Names.Count / seconds;
            var ratio = (double)state.Names.Count / state.Queries;
            if (ratio >= _options.MinDistinctRatio && state.Baseline.IsAnomalous(distinctRate, _options.MinDistinctNamesPerSecond, _options.BaselineFactor, _zones.WarmingUp))
            {
                var metrics = new List<KeyValuePair<string, string>>
                {
                    Metric.Of("queries", state.Queries),
                    Metric.Of("distinct_names", state.Names.Count),
                    Metric.Of("distinct_names_per_second", distinctRate),
                    Metric.Of("distinct_ratio", ratio),
                    Metric.Of("threshold_distinct_names_per_second", Math.Max(_options.MinDistinctNamesPerSecond, _options.BaselineFactor * state.Baseline.Mean)),
                    Metric.Of("threshold_distinct_ratio", _options.MinDistinctRatio),
                    Metric.Of("baseline_distinct_names_per_second", state.Baseline.Mean),
                    Metric.Of("distinct_clients", state.Evidence.DistinctClients),
                };
                state.Evidence.AppendTop(metrics);
                found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(distinctRate, _options.MinDistinctNamesPerSecond),
                    new Subject(SubjectKind.Zone, state.Text), windowEnd - TimeSpan.FromSeconds(seconds), windowEnd,
                    $"{distinctRate:0} distinct names/s under {state.Text} ({ratio:P0} of queries new; baseline {state.Baseline.Mean:0}/s)",
                    metrics, state.Evidence.Samples()));
            }
            else
            {
                state.Baseline.Learn(distinctRate, _options.BaselineAlpha);
            }
        }

        _zones.EndWindow();
        _windowStart = null;
        return found;
    }

    /// <summary>Thresholds of the random-subdomain detector.</summary>
    public sealed class Options
    {
        /// <summary>Nominal window length; rates are per second of the observed window, at least this long.</summary>
        public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>No alarm below this many distinct names per second under one zone (default 50).</summary>
        public double MinDistinctNamesPerSecond { get; init; } = 50;

        /// <summary>At least this share of the zone's queries must be distinct names (default 0.5).</summary>
        public double MinDistinctRatio { get; init; } = 0.5;

        /// <summary>Alarm when the distinct-name rate is this many times the learned rate (default 5).</summary>
        public double BaselineFactor { get; init; } = 5;

        /// <summary>Weight of the newest window in the learned rate (default 0.1).</summary>
        public double BaselineAlpha { get; init; } = 0.1;

        /// <summary>Distinct names counted per zone and window; beyond it the count saturates (default 65 536).</summary>
        public int MaxDistinctNamesPerZone { get; init; } = 65_536;

        /// <summary>Most zones tracked at once (default 100 000).</summary>
        public int MaxSubjects { get; init; } = 100_000;
    }

    private sealed class State(string text) : SubjectState(text)
    {
        public long Queries;

        public HashSet<ulong> Names { get; } = [];

        public override void ResetWindow()
        {
            Queries = 0;
            Names.Clear();
        }
    }
}

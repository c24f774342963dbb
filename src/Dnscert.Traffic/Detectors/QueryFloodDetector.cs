using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Query flood: the query rate towards one server address, or for one zone, far above both an absolute floor
/// and that subject's learned rate. The floor keeps small servers from alerting on a tenfold rise from a trickle.
/// </summary>
public sealed class QueryFloodDetector(QueryFloodDetector.Options? options = null) : IDetector
{
    private readonly Options _options = options ?? new Options();
    private readonly SubjectTable<PacketAddress, State> _servers = new((options ?? new Options()).MaxSubjects, 360);
    private readonly SubjectTable<ulong, State> _zones = new((options ?? new Options()).MaxSubjects, 360);
    private DateTimeOffset? _windowStart;

    public string Id => "query-flood";

    public ThreatType ThreatType => ThreatTypes.QueryFlood;

    /// <summary>Subjects not tracked because the tables were full.</summary>
    public long DroppedSubjects => _servers.DroppedSubjects + _zones.DroppedSubjects;

    public void Observe(in DnsTransaction transaction)
    {
        if (transaction.Message.IsResponse)
        {
            return;
        }

        _windowStart ??= transaction.Timestamp;
        Span<byte> name = stackalloc byte[255];
        var length = QueryName.CopyFirstQuestion(transaction.Message, name);
        var wire = name[..length];
        var nameHash = QueryName.Hash(wire);
        var server = _servers.Touch(transaction.Server, transaction.Server, a => new State(SubjectKind.IpAddress, a.ToString()));
        Count(server, transaction, nameHash, wire);
        if (length > 1)
        {
            var zone = wire[QueryName.ZoneStart(wire)..];
            var zoneState = _zones.Touch(QueryName.Hash(zone), zone, z => new State(SubjectKind.Zone, QueryName.ToText(z)));
            Count(zoneState, transaction, nameHash, wire);
        }
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        var seconds = Math.Max((windowEnd - (_windowStart ?? windowEnd)).TotalSeconds, _options.Window.TotalSeconds);
        Evaluate(_servers, windowEnd, seconds, found);
        Evaluate(_zones, windowEnd, seconds, found);
        _servers.EndWindow();
        _zones.EndWindow();
        _windowStart = null;
        return found;
    }

    private static void Count(State? state, in DnsTransaction transaction, ulong nameHash, ReadOnlySpan<byte> wire)
    {
        if (state is null)
        {
            return;
        }

        state.Queries++;
        state.Evidence.AddName(nameHash, wire);
        state.Evidence.AddClient(transaction.Client);
        state.Evidence.AddSample(transaction.Message.Bytes);
    }

    private void Evaluate<TKey>(SubjectTable<TKey, State> table, DateTimeOffset windowEnd, double seconds, List<Detection> found)
        where TKey : notnull
    {
        foreach (var state in table.Seen)
        {
            var rate = state.Queries / seconds;
            if (state.Baseline.IsAnomalous(rate, _options.MinQueriesPerSecond, _options.BaselineFactor, table.WarmingUp))
            {
                var metrics = new List<KeyValuePair<string, string>>
                {
                    Metric.Of("queries", state.Queries),
                    Metric.Of("queries_per_second", rate),
                    Metric.Of("threshold_queries_per_second", Math.Max(_options.MinQueriesPerSecond, _options.BaselineFactor * state.Baseline.Mean)),
                    Metric.Of("baseline_queries_per_second", state.Baseline.Mean),
                    Metric.Of("baseline_windows", state.Baseline.Windows),
                    Metric.Of("distinct_clients", state.Evidence.DistinctClients),
                };
                state.Evidence.AppendTop(metrics);
                found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(rate, _options.MinQueriesPerSecond), new Subject(state.Kind, state.Text),
                    windowEnd - TimeSpan.FromSeconds(seconds), windowEnd,
                    $"{rate:0} queries/s to {state.Text} (baseline {state.Baseline.Mean:0}/s)", metrics, state.Evidence.Samples()));
            }
            else
            {
                state.Baseline.Learn(rate, _options.BaselineAlpha);
            }
        }
    }

    /// <summary>Thresholds of the query flood detector.</summary>
    public sealed class Options
    {
        /// <summary>Nominal window length; rates are per second of the observed window, at least this long.</summary>
        public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>No alarm below this rate, whatever the baseline (default 500 queries/s).</summary>
        public double MinQueriesPerSecond { get; init; } = 500;

        /// <summary>Alarm when the rate is this many times the learned rate (default 5).</summary>
        public double BaselineFactor { get; init; } = 5;

        /// <summary>Weight of the newest window in the learned rate (default 0.1: about the last ten windows).</summary>
        public double BaselineAlpha { get; init; } = 0.1;

        /// <summary>Most servers plus zones tracked at once (default 100 000).</summary>
        public int MaxSubjects { get; init; } = 100_000;
    }

    private sealed class State(SubjectKind kind, string text) : SubjectState(text)
    {
        public SubjectKind Kind { get; } = kind;

        public long Queries;

        public override void ResetWindow() => Queries = 0;
    }
}

using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web;

/// <summary>What the overview shows: zones by the highest severity of their latest run, and per day how many runs ended at each severity.</summary>
internal sealed record Overview(
    int Zones,
    int Unchecked,
    IReadOnlyDictionary<Severity, int> ZonesBySeverity,
    IReadOnlyDictionary<Severity, int> OpenObservationsBySeverity,
    IReadOnlyList<(DateOnly Day, SeverityCounts Runs)> RunsPerDay,
    DateTimeOffset ComputedAt);

/// <summary>
/// Computes the overview from store aggregates, each through the reader's TLP filter in SQL, and keeps it per reader
/// for <see cref="DnscertWebOptions.OverviewCacheLifetime"/>, so the dashboard stays fast under load while the monitor
/// writes and nobody is shown counts computed for someone who may see more.
/// </summary>
internal sealed class OverviewService : IDisposable
{
    /// <summary>Readers whose overview is kept at most; past it the cache starts again (a bound, not an eviction policy).</summary>
    private const int MaxCachedReaders = 1024;

    private readonly IDnscertStore _store;
    private readonly DnscertWebOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Viewer, Overview> _cached = [];

    public OverviewService(IDnscertStore store, DnscertWebOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public void Dispose() => _gate.Dispose();

    public async Task<Overview> GetAsync(Viewer viewer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = _time.GetUtcNow();
        lock (_cached)
        {
            if (_cached.TryGetValue(viewer, out var c) && now - c.ComputedAt < _options.OverviewCacheLifetime)
            {
                return c;
            }
        }

        await _gate.WaitAsync(ct);
        try
        {
            lock (_cached)
            {
                if (_cached.TryGetValue(viewer, out var again) && now - again.ComputedAt < _options.OverviewCacheLifetime)
                {
                    return again;
                }
            }

            var computed = await ComputeAsync(viewer, now, ct);
            lock (_cached)
            {
                if (_cached.Count >= MaxCachedReaders)
                {
                    _cached.Clear();
                }

                _cached[viewer] = computed;
            }

            return computed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Overview> ComputeAsync(Viewer viewer, DateTimeOffset now, CancellationToken ct)
    {
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - _options.ChartDays);
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var counted = (await _store.CheckRuns.CountByDayAsync(from, from.AddDays(_options.ChartDays), viewer, ct)).ToDictionary(d => d.Day, d => d.Runs);
        var health = await _store.CheckRuns.ZoneHealthAsync(viewer, ct);
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s => health.ByLatestSeverity[s]);
        var openCounts = await _store.Observations.CountBySeverityAsync(new ObservationQuery(State: ObservationState.Open, Viewer: viewer), ct);
        var open = Enum.GetValues<Severity>().ToDictionary(s => s, s => openCounts[s]);

        var days = Enumerable.Range(0, _options.ChartDays)
            .Select(i => firstDay.AddDays(i))
            .Select(d => (d, counted.TryGetValue(d, out var runs) ? runs : SeverityCounts.None))
            .ToList();
        return new Overview(health.Zones, health.Unchecked, bySeverity, open, days, now);
    }
}

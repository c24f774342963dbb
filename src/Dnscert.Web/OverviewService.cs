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
/// Computes the overview from the store's existing queries and keeps it for <see cref="DnscertWebOptions.OverviewCacheLifetime"/>,
/// so the dashboard stays fast under load while the monitor writes.
/// </summary>
internal sealed class OverviewService : IDisposable
{
    private const int MaxObservations = 20_000;

    private readonly IDnscertStore _store;
    private readonly DnscertWebOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Overview? _cached;

    public OverviewService(IDnscertStore store, DnscertWebOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public void Dispose() => _gate.Dispose();

    public async Task<Overview> GetAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_cached is { } c && now - c.ComputedAt < _options.OverviewCacheLifetime)
        {
            return c;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && now - again.ComputedAt < _options.OverviewCacheLifetime)
            {
                return again;
            }

            _cached = await ComputeAsync(now, ct);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Overview> ComputeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - _options.ChartDays);
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var counted = (await _store.CheckRuns.CountByDayAsync(from, from.AddDays(_options.ChartDays), ct)).ToDictionary(d => d.Day, d => d.Runs);
        var health = await _store.CheckRuns.ZoneHealthAsync(ct);
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s => health.ByLatestSeverity[s]);

        var open = Enum.GetValues<Severity>().ToDictionary(s => s, _ => 0);
        ObservationCursor? cursor = null;
        var seen = 0;
        do
        {
            var page = await _store.Observations.ListAsync(new ObservationQuery(State: ObservationState.Open), cursor, 500, ct);
            foreach (var o in page.Items)
            {
                open[o.Severity]++;
            }

            seen += page.Items.Count;
            cursor = page.Next;
        }
        while (cursor is not null && seen < MaxObservations);

        var days = Enumerable.Range(0, _options.ChartDays)
            .Select(i => firstDay.AddDays(i))
            .Select(d => (d, counted.TryGetValue(d, out var runs) ? runs : SeverityCounts.None))
            .ToList();
        return new Overview(health.Zones, health.Unchecked, bySeverity, open, days, now);
    }
}

using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web;

/// <summary>A monitored zone with its latest run (null before the first check).</summary>
internal sealed record ZoneRow(MonitoredZone Zone, CheckRunSummary? Latest);

/// <summary>
/// Zone and observation lists with filters the store does not index (name search, severity), on top of the store's
/// keyset pages: rows are scanned in key order and the cursor is always the last key examined or returned, so a
/// filtered page may be short but never skips or repeats a row.
/// </summary>
internal sealed class ZoneLister
{
    /// <summary>Rows examined at most for one page; past it the page ends early with a cursor.</summary>
    private const int ScanBudget = 2000;

    private readonly IDnscertStore _store;

    public ZoneLister(IDnscertStore store) => _store = store;

    public async Task<Page<ZoneRow, string>> ZonesAsync(string? search, string? set, Severity? severity, string? after, int limit, CancellationToken ct)
    {
        var rows = new List<ZoneRow>();
        var cursor = after;
        var scanned = 0;
        var needle = string.IsNullOrWhiteSpace(search) ? null : search.Trim().TrimEnd('.').ToLowerInvariant();
        var filtered = needle is not null || severity is not null;
        while (true)
        {
            var page = await _store.Zones.ListAsync(cursor, filtered ? Math.Max(limit, 200) : limit, string.IsNullOrEmpty(set) ? null : set, ct);
            var candidates = page.Items.Where(z => needle is null || z.Name.Contains(needle, StringComparison.Ordinal)).ToList();
            // One query for the latest run of every candidate of this page (not one per zone).
            var latest = candidates.Count == 0
                ? new Dictionary<string, CheckRunSummary>(StringComparer.Ordinal)
                : (await _store.CheckRuns.LatestSummariesAsync([.. candidates.Select(z => z.Name)], ct)).ToDictionary(r => r.Zone, StringComparer.Ordinal);
            foreach (var zone in page.Items)
            {
                scanned++;
                cursor = zone.Name;
                if (needle is not null && !zone.Name.Contains(needle, StringComparison.Ordinal))
                {
                    continue;
                }

                var run = latest.GetValueOrDefault(zone.Name);
                if (severity is { } s && run?.HighestSeverity != s)
                {
                    continue;
                }

                rows.Add(new ZoneRow(zone, run));
                if (rows.Count == limit)
                {
                    // More may follow: the last returned name is the cursor (rows after it in this page are read again).
                    var more = page.Next is not null || !ReferenceEquals(zone, page.Items[^1]);
                    return new Page<ZoneRow, string>(rows, more ? zone.Name : null);
                }
            }

            if (page.Next is null)
            {
                return new Page<ZoneRow, string>(rows, null);
            }

            if (scanned >= ScanBudget)
            {
                return new Page<ZoneRow, string>(rows, cursor);
            }
        }
    }

    public async Task<Page<Observation, ObservationCursor>> ObservationsAsync(ObservationQuery query, Severity? severity, ObservationCursor? after, int limit, CancellationToken ct)
    {
        if (severity is null)
        {
            return await _store.Observations.ListAsync(query, after, limit, ct);
        }

        var rows = new List<Observation>();
        var cursor = after;
        var scanned = 0;
        while (true)
        {
            var page = await _store.Observations.ListAsync(query, cursor, Math.Max(limit, 200), ct);
            foreach (var o in page.Items)
            {
                scanned++;
                cursor = new ObservationCursor(o.LastSeen, o.Id);
                if (o.Severity != severity)
                {
                    continue;
                }

                rows.Add(o);
                if (rows.Count == limit)
                {
                    var more = page.Next is not null || !ReferenceEquals(o, page.Items[^1]);
                    return new Page<Observation, ObservationCursor>(rows, more ? cursor : null);
                }
            }

            if (page.Next is null)
            {
                return new Page<Observation, ObservationCursor>(rows, null);
            }

            if (scanned >= ScanBudget)
            {
                return new Page<Observation, ObservationCursor>(rows, cursor);
            }
        }
    }
}

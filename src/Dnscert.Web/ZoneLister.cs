using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web;

/// <summary>A monitored zone with its latest run (null before the first check).</summary>
internal sealed record ZoneRow(MonitoredZone Zone, CheckRunSummary? Latest);

/// <summary>
/// Zone and observation lists for the pages and the API. Every filter (TLP of the reader, name search, set, severity)
/// is applied by the store in SQL, so a page is always full when more rows match and costs one indexed query,
/// however rare the matches are among many zones.
/// </summary>
internal sealed class ZoneLister
{
    private readonly IDnscertStore _store;

    public ZoneLister(IDnscertStore store) => _store = store;

    public async Task<Page<ZoneRow, string>> ZonesAsync(Viewer viewer, string? search, string? set, Severity? severity, string? after, int limit, CancellationToken ct)
    {
        var needle = string.IsNullOrWhiteSpace(search) ? null : search.Trim().TrimEnd('.').ToLowerInvariant();
        if (needle is { Length: > 253 })
        {
            // No domain name is longer, so nothing can contain it.
            return new Page<ZoneRow, string>([], null);
        }

        var page = await _store.Zones.ListAsync(new ZoneQuery(viewer, needle, string.IsNullOrEmpty(set) ? null : set, severity), after, limit, ct);
        // One query for the latest run of every zone of the page (not one per zone).
        var latest = page.Items.Count == 0
            ? new Dictionary<string, CheckRunSummary>(StringComparer.Ordinal)
            : (await _store.CheckRuns.LatestSummariesAsync([.. page.Items.Select(z => z.Name)], viewer, ct)).ToDictionary(r => r.Zone, StringComparer.Ordinal);
        return new Page<ZoneRow, string>([.. page.Items.Select(z => new ZoneRow(z, latest.GetValueOrDefault(z.Name)))], page.Next);
    }

    public Task<Page<Observation, ObservationCursor>> ObservationsAsync(ObservationQuery query, Severity? severity, ObservationCursor? after, int limit, CancellationToken ct) =>
        _store.Observations.ListAsync(query with { Severity = severity }, after, limit, ct);
}

using Dnscert.Core.Store;
using Dnscert.Traffic.Detectors;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// What the store keeps of <see cref="TrafficStatistics"/> for the dashboard, bounded whatever the traffic: the
/// first <see cref="StatisticsOptions.TopReported"/> entries of the top lists (with their error bounds) and the
/// <see cref="MaxCodes"/> most frequent QTYPEs and RCODEs. The counts are the ones <c>traffic analyze --json</c> prints.
/// </summary>
public static class TrafficStoreRecords
{
    /// <summary>QTYPEs or RCODEs kept per bucket and per capture; a hostile capture could use all 65,536 types.</summary>
    public const int MaxCodes = 32;

    public static TrafficCapture Capture(Guid id, string source, Tlp tlp, DateTimeOffset storedAt, TrafficStatistics statistics, long malformed, long detections)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var t = statistics.Totals;
        var top = statistics.Options.TopReported;
        var summary = new TrafficSummary(
            t.Messages,
            t.Queries,
            t.Responses,
            t.Truncated,
            malformed,
            new TrafficEstimate(t.UniqueClients.Estimate(), Math.Round(t.UniqueClients.StandardError, 5)),
            new TrafficEstimate(t.UniqueQnames.Estimate(), Math.Round(t.UniqueQnames.StandardError, 5)),
            Codes(t.QueryTypes, DnsCodeNames.QueryType),
            Codes(t.ResponseCodes, DnsCodeNames.ResponseCode),
            new TrafficTopList(statistics.TopQnames.MaxError, [.. statistics.TopQnames.Top(top).Select(i => new TrafficTopEntry(i.Key, i.Count, i.Error))]),
            new TrafficTopList(statistics.TopClientNetworks.MaxError, [.. statistics.TopClientNetworks.Top(top)
                .Select(i => new TrafficTopEntry($"{i.Item.Key}/{(i.Item.Key.IsIPv6 ? 48 : 24)}", i.Item.Count, i.Item.Error))]),
            detections);
        return new TrafficCapture(id, source, tlp, storedAt, statistics.First, statistics.Last, statistics.Options.BucketWidth, summary);
    }

    /// <summary>Every bucket of the statistics (at most <see cref="StatisticsOptions.MaxBuckets"/>), oldest first.</summary>
    public static IReadOnlyList<TrafficBucket> Buckets(TrafficStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return [.. statistics.Buckets.Select(b => new TrafficBucket(
            b.Start, b.Messages, b.Queries, b.Responses, b.Truncated, b.UniqueClients.Estimate(), b.UniqueQnames.Estimate(),
            Codes(b.QueryTypes, DnsCodeNames.QueryType), Codes(b.ResponseCodes, DnsCodeNames.ResponseCode)))];
    }

    public static IReadOnlyList<TrafficDetectionEntry> Detections(IEnumerable<Detection> detections) =>
        [.. detections.Select(d => new TrafficDetectionEntry(d.DetectorId, d.ThreatType.Id, d.Severity, d.Subject.ToString(), d.WindowStart, d.WindowEnd, d.Summary))];

    /// <summary>The most frequent codes, highest count first (ties by code), at most <see cref="MaxCodes"/>.</summary>
    private static List<TrafficCount> Codes(Dictionary<int, long> counts, Func<int, string> name) =>
        [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(MaxCodes).Select(p => new TrafficCount(p.Key, name(p.Key), p.Value))];
}

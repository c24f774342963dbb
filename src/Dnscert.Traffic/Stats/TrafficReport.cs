using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Readers;

namespace Dnscert.Traffic.Stats;

/// <summary>Everything one analysis produced, as handed to the JSON and CSV writers.</summary>
public sealed record TrafficReport(
    IReadOnlyList<string> Files,
    TrafficReadCounts Counts,
    TrafficStatistics Statistics,
    IReadOnlyList<Detection> Detections);

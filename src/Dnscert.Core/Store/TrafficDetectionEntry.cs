namespace Dnscert.Core.Store;

/// <summary>One detection window of a stored capture, for the detections timeline (the evidence lives on the observation).</summary>
public sealed record TrafficDetectionEntry(
    string DetectorId,
    string ThreatTypeId,
    Severity Severity,
    string Subject,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Summary);

namespace Dnscert.Core.Store;

/// <summary>A stored capture with its buckets (oldest first) and its detections (in capture-time order).</summary>
public sealed record TrafficCaptureDetail(
    TrafficCapture Capture,
    IReadOnlyList<TrafficBucket> Buckets,
    IReadOnlyList<TrafficDetectionEntry> Detections);

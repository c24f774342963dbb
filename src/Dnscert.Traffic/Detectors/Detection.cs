using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// What a detector found in one window: the subject attacked (a zone, a server address, a victim address), how
/// bad, a one-line summary, the measured values behind it (<see cref="Metrics"/>: rates, thresholds, baseline,
/// top names, top clients, in a stable order) and a few sample messages as raw wire bytes.
/// </summary>
public sealed record Detection(
    string DetectorId,
    ThreatType ThreatType,
    Severity Severity,
    Subject Subject,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string Summary,
    IReadOnlyList<KeyValuePair<string, string>> Metrics,
    IReadOnlyList<ReadOnlyMemory<byte>> SampleMessages);

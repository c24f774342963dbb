using Dnscert.Core.Store;

namespace Dnscert.Traffic.Detectors;

/// <summary>The detector-specific part of a detection: subject, one-line summary and the metrics before the top lists.</summary>
internal sealed record Finding(Subject Subject, string Summary, List<KeyValuePair<string, string>> Metrics);

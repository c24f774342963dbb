namespace Dnscert.Core.Store;

/// <summary>A check run without its messages: what lists and dashboards show.</summary>
public sealed record CheckRunSummary(Guid Id, string Zone, DateTimeOffset Started, TimeSpan Duration, Severity HighestSeverity, SeverityCounts Counts);

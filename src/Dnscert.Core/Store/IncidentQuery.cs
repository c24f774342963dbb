namespace Dnscert.Core.Store;

/// <summary>Which incidents a list returns, as seen by <paramref name="Viewer"/>; null filters match everything.</summary>
public sealed record IncidentQuery(Viewer Viewer, IncidentState? State = null, string? ThreatTypeId = null, string? SubjectValue = null, string? Recipient = null);

namespace Dnscert.Core.Store;

/// <summary>Keyset position in the incident list (newest update first).</summary>
public sealed record IncidentCursor(DateTimeOffset UpdatedAt, Guid Id);

namespace Dnscert.Core.Store;

/// <summary>
/// A directory entry as the store keeps it: the coordination project's JSON document plus the two facts the
/// visibility filter needs in SQL (<see cref="AmberConstituents"/>: organisations that may read TLP:AMBER sent to this one).
/// </summary>
public sealed record StoredStakeholder(string Id, string Name, string Document, IReadOnlyList<string> AmberConstituents);

namespace Dnscert.Core.Store;

/// <summary>Where the next page of observations starts: the last (last seen, id) of the previous page, newest first.</summary>
public sealed record ObservationCursor(DateTimeOffset LastSeen, Guid Id);

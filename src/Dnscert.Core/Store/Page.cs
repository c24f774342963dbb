namespace Dnscert.Core.Store;

/// <summary>
/// One page of a keyset-paginated list. <paramref name="Next"/> is null on the last page; otherwise passing it back
/// returns the items after this page, whatever was inserted or deleted meanwhile (no offsets).
/// </summary>
public sealed record Page<TItem, TCursor>(IReadOnlyList<TItem> Items, TCursor? Next)
    where TCursor : class;

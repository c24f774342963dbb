namespace Dnscert.Store.Repositories;

/// <summary>Bounds of list calls: a page is never unbounded.</summary>
internal static class Limits
{
    public const int MaxPage = 1000;

    public static void Page(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPage);
    }
}

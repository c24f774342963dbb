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

    /// <summary>Longest text filter: a domain name in presentation form is at most 253 characters.</summary>
    public const int MaxFilterText = 253;

    public static void Text(string text, string what)
    {
        if (text.Length > MaxFilterText)
        {
            throw new ArgumentOutOfRangeException(nameof(text), text.Length, $"the {what} is longer than {MaxFilterText} characters");
        }
    }
}

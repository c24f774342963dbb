namespace Dnscert.Checks.Rules;

/// <summary>RFC 1982 serial number arithmetic for 32-bit SOA serials (a serial may wrap around).</summary>
public static class SerialArithmetic
{
    /// <summary>True when <paramref name="a"/> comes before <paramref name="b"/>; false when equal or undefined (exactly 2^31 apart).</summary>
    public static bool IsBefore(long a, long b)
    {
        var difference = unchecked((uint)b - (uint)a);
        return difference != 0 && difference < 0x80000000u;
    }

    /// <summary>The item whose serial comes last in serial order (the first of equals); default when there is none.</summary>
    public static T? Latest<T>(IEnumerable<T> items, Func<T, long> serialOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(serialOf);
        var found = false;
        T? latest = default;
        foreach (var item in items)
        {
            if (!found || IsBefore(serialOf(latest!), serialOf(item)))
            {
                latest = item;
                found = true;
            }
        }

        return latest;
    }
}

namespace Dnscert.Checks.Monitor;

/// <summary>RFC 1982 serial number arithmetic for 32-bit SOA serials (a serial may wrap around).</summary>
public static class SerialArithmetic
{
    /// <summary>True when <paramref name="a"/> comes before <paramref name="b"/>; false when equal or undefined (exactly 2^31 apart).</summary>
    public static bool IsBefore(long a, long b)
    {
        var difference = unchecked((uint)b - (uint)a);
        return difference != 0 && difference < 0x80000000u;
    }
}

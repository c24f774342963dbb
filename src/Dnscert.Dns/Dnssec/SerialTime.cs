namespace Dnscert.Dns.Dnssec;

/// <summary>
/// RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5, RFC 1982): seconds since 1970 modulo 2^32, compared
/// by their signed difference so that comparisons keep working after 2106.
/// </summary>
public static class SerialTime
{
    /// <summary>The serial value of <paramref name="time"/>.</summary>
    public static uint FromDateTimeOffset(DateTimeOffset time) => unchecked((uint)time.ToUnixTimeSeconds());

    /// <summary>Negative when <paramref name="a"/> is before <paramref name="b"/>, zero when equal, positive when after.</summary>
    /// <remarks>The values exactly 2^31 apart are undefined in RFC 1982; they compare as "after" here.</remarks>
    public static int Compare(uint a, uint b) => unchecked((int)(a - b)) switch
    {
        < 0 => -1,
        0 => 0,
        _ => 1,
    };

    /// <summary>The absolute time of <paramref name="serial"/>, taken as the one within 68 years of <paramref name="reference"/>.</summary>
    public static DateTimeOffset ToDateTimeOffset(uint serial, DateTimeOffset reference)
    {
        var offset = unchecked((int)(serial - FromDateTimeOffset(reference)));
        return DateTimeOffset.FromUnixTimeSeconds(reference.ToUnixTimeSeconds() + offset);
    }
}

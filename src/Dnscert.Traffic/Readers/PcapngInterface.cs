namespace Dnscert.Traffic.Readers;

/// <summary>What a pcapng interface description block says about the packets that name it.</summary>
internal sealed class PcapngInterface
{
    public int LinkType { get; init; }

    public uint SnapLength { get; init; }

    /// <summary>if_tsresol: high bit clear = 10^-n seconds, set = 2^-n seconds; default 6 (microseconds).</summary>
    public byte TimestampResolution { get; set; } = 6;

    public long TimestampOffsetSeconds { get; set; }

    public DateTimeOffset ToTimestamp(ulong units)
    {
        var exponent = TimestampResolution & 0x7F;
        UInt128 ticks;
        if ((TimestampResolution & 0x80) == 0)
        {
            // ticks = units * 10^7 / 10^exponent
            ticks = exponent <= 7
                ? (UInt128)units * Pow10(7 - exponent)
                : (UInt128)units / Pow10(Math.Min(exponent - 7, 38));
        }
        else
        {
            ticks = exponent >= 64 ? 0 : ((UInt128)units * TimeSpan.TicksPerSecond) >> exponent;
        }

        var max = (UInt128)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var offset = TimestampOffsetSeconds is > -100_000_000_000 and < 100_000_000_000 ? TimestampOffsetSeconds * TimeSpan.TicksPerSecond : 0;
        var total = (long)UInt128.Min(ticks, max) + offset;
        return DateTimeOffset.UnixEpoch.AddTicks(Math.Clamp(total, 0, (long)max));
    }

    private static UInt128 Pow10(int exponent)
    {
        UInt128 value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}

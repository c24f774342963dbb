namespace Dnscert.Dns.Zone;

/// <summary>
/// TTL text: seconds (<c>3600</c>) or BIND's units (<c>1h30m</c>, <c>1w</c>, <c>2D</c>): each number followed by
/// w, d, h, m or s in any case. RFC 2181 §8 caps TTLs at 2^31 - 1; larger values are refused, not wrapped.
/// </summary>
internal static class ZoneTtl
{
    public const uint Max = int.MaxValue;

    public static bool LooksLikeTtl(ReadOnlySpan<char> text) => text.Length > 0 && char.IsAsciiDigit(text[0]);

    public static bool TryParse(ReadOnlySpan<char> text, out uint seconds)
    {
        seconds = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        ulong number = 0;
        var digits = 0;
        var units = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (ulong)(c - '0');
                if (++digits > 10)
                {
                    return false;
                }

                continue;
            }

            ulong multiplier = char.ToLowerInvariant(c) switch
            {
                'w' => 604800,
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => 0,
            };
            if (multiplier == 0 || digits == 0)
            {
                return false;
            }

            total += number * multiplier;
            if (total > Max)
            {
                return false;
            }

            number = 0;
            digits = 0;
            units++;
        }

        if (digits > 0)
        {
            // A bare number is seconds; after units, a number without its own unit is ambiguous.
            if (units > 0)
            {
                return false;
            }

            total = number;
        }

        if (total > Max)
        {
            return false;
        }

        seconds = (uint)total;
        return true;
    }
}

namespace Dnscert.Dns.Records;

/// <summary>The NSEC/NSEC3 type bitmap (RFC 4034 §4.1.2): windows of up to 32 octets, one bit per type.</summary>
public static class TypeBitmap
{
    public static IReadOnlyList<RRType> Decode(ReadOnlySpan<byte> bitmap)
    {
        var types = new List<RRType>();
        var position = 0;
        var lastWindow = -1;
        while (position < bitmap.Length)
        {
            if (position + 2 > bitmap.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.Truncated, "type bitmap window");
            }

            int window = bitmap[position];
            int length = bitmap[position + 1];
            if (window <= lastWindow || length is 0 or > 32 || position + 2 + length > bitmap.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.InvalidField, "type bitmap window");
            }

            for (var i = 0; i < length; i++)
            {
                var octet = bitmap[position + 2 + i];
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((octet & (0x80 >> bit)) != 0)
                    {
                        types.Add((RRType)((window << 8) | (i << 3) | bit));
                    }
                }
            }

            lastWindow = window;
            position += 2 + length;
        }

        return types;
    }

    public static byte[] Encode(IEnumerable<RRType> types)
    {
        var sorted = types.Select(t => (ushort)t).Distinct().Order().ToList();
        var output = new List<byte>();
        var index = 0;
        Span<byte> bits = stackalloc byte[32];
        while (index < sorted.Count)
        {
            var window = sorted[index] >> 8;
            bits.Clear();
            var used = 0;
            while (index < sorted.Count && sorted[index] >> 8 == window)
            {
                var low = sorted[index] & 0xFF;
                bits[low >> 3] |= (byte)(0x80 >> (low & 7));
                used = (low >> 3) + 1;
                index++;
            }

            output.Add((byte)window);
            output.Add((byte)used);
            output.AddRange(bits[..used].ToArray());
        }

        return [.. output];
    }
}

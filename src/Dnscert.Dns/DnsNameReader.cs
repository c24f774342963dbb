namespace Dnscert.Dns;

/// <summary>
/// Walks a possibly compressed name inside a message. Every pointer must point strictly before the
/// lowest position visited so far for this name, so a loop cannot exist; the hop limit bounds the work anyway.
/// </summary>
internal static class DnsNameReader
{
    /// <summary>
    /// Checks the name at <paramref name="offset"/> and returns its uncompressed wire length;
    /// <paramref name="end"/> is the offset just after the name's bytes at that position.
    /// </summary>
    public static int Measure(ReadOnlySpan<byte> message, int offset, ParseLimits limits, string field, out int end) =>
        Walk(message, offset, limits, field, default, out end);

    /// <summary>Reads the name at <paramref name="offset"/> into a <see cref="DomainName"/>.</summary>
    public static DomainName Read(ReadOnlySpan<byte> message, int offset, ParseLimits limits, string field, out int end)
    {
        Span<byte> buffer = stackalloc byte[DomainName.MaxWireLength];
        var length = Walk(message, offset, limits, field, buffer, out end);
        return length == 1 ? DomainName.Root : new DomainName(buffer[..length].ToArray());
    }

    /// <summary>Copies the uncompressed name into <paramref name="destination"/> (at least 255 bytes) without allocating.</summary>
    public static int Walk(ReadOnlySpan<byte> message, int offset, ParseLimits limits, string field, Span<byte> destination, out int end)
    {
        var position = offset;
        var lowest = offset;
        var length = 0;
        var labels = 0;
        var hops = 0;
        var maxLabels = limits.MaxLabels;
        var copy = !destination.IsEmpty;
        end = -1;
        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.Truncated, field);
            }

            int b = message[position];
            if (b == 0)
            {
                if (copy)
                {
                    destination[length] = 0;
                }

                if (end < 0)
                {
                    end = position + 1;
                }

                return length + 1;
            }

            if (b < 0x40)
            {
                // A label also needs room for the root octet that must follow it.
                if (length + b + 2 > DomainName.MaxWireLength)
                {
                    throw new DnsFormatException(position, DnsFormatError.NameTooLong, field);
                }

                if (position + 1 + b > message.Length)
                {
                    throw new DnsFormatException(position, DnsFormatError.Truncated, field);
                }

                if (++labels > maxLabels)
                {
                    throw new DnsFormatException(position, DnsFormatError.TooManyLabels, field);
                }

                if (copy)
                {
                    message.Slice(position, b + 1).CopyTo(destination[length..]);
                }

                length += b + 1;
                position += b + 1;
                continue;
            }

            if (b < 0xC0)
            {
                throw new DnsFormatException(position, DnsFormatError.ReservedLabelType, field);
            }

            if (position + 1 >= message.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.Truncated, field);
            }

            var target = ((b & 0x3F) << 8) | message[position + 1];
            if (end < 0)
            {
                end = position + 2;
            }

            if (target >= message.Length)
            {
                throw new DnsFormatException(position, DnsFormatError.PointerOutOfRange, field);
            }

            if (target > position)
            {
                throw new DnsFormatException(position, DnsFormatError.ForwardPointer, field);
            }

            // At or after the lowest byte already visited: the walk would revisit itself.
            if (target >= lowest || ++hops > limits.MaxCompressionHops)
            {
                throw new DnsFormatException(position, DnsFormatError.CompressionLoop, field);
            }

            position = target;
            lowest = target;
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Edns;

/// <summary>
/// The OPT pseudo-record (RFC 6891) seen through its fields: CLASS is the UDP payload size and TTL holds
/// the extended RCODE, version and flags. Option data is read in place.
/// </summary>
public readonly struct EdnsRecord
{
    private readonly DnsRecord _record;

    public EdnsRecord(DnsRecord record) => _record = record;

    public ushort UdpPayloadSize => _record.RawClass;

    /// <summary>The upper 8 bits of the 12-bit RCODE.</summary>
    public int ExtendedRcodeHigh => (int)(_record.Ttl >> 24);

    public int Version => (int)((_record.Ttl >> 16) & 0xFF);

    /// <summary>The 16 flag bits; only DO (0x8000) is defined.</summary>
    public ushort Flags => (ushort)_record.Ttl;

    public bool DnssecOk => (Flags & 0x8000) != 0;

    public DnsRecord Record => _record;

    /// <summary>All options in wire order.</summary>
    public IReadOnlyList<EdnsOption> GetOptions()
    {
        var list = new List<EdnsOption>();
        var rdata = _record.Message.Slice(_record.RdataOffset, _record.RdataLength);
        var position = 0;
        while (position + 4 <= rdata.Length)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(rdata.Span[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rdata.Span[(position + 2)..]);
            list.Add(new EdnsOption((EdnsOptionCode)code, rdata.Slice(position + 4, length)));
            position += 4 + length;
        }

        return list;
    }

    /// <summary>The first option with <paramref name="code"/>, without allocating.</summary>
    public bool TryGetOption(EdnsOptionCode code, out ReadOnlyMemory<byte> data)
    {
        var rdata = _record.Message.Slice(_record.RdataOffset, _record.RdataLength);
        var position = 0;
        while (position + 4 <= rdata.Length)
        {
            var current = BinaryPrimitives.ReadUInt16BigEndian(rdata.Span[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rdata.Span[(position + 2)..]);
            if (current == (ushort)code)
            {
                data = rdata.Slice(position + 4, length);
                return true;
            }

            position += 4 + length;
        }

        data = default;
        return false;
    }

    /// <summary>The server's NSID bytes, or empty when absent.</summary>
    public ReadOnlyMemory<byte> Nsid => TryGetOption(EdnsOptionCode.Nsid, out var data) ? data : default;

    /// <summary>The client part of the COOKIE option (first 8 bytes), or empty.</summary>
    public ReadOnlyMemory<byte> ClientCookie =>
        TryGetOption(EdnsOptionCode.Cookie, out var data) && data.Length >= 8 ? data[..8] : default;

    /// <summary>The server part of the COOKIE option (bytes after the first 8), or empty.</summary>
    public ReadOnlyMemory<byte> ServerCookie =>
        TryGetOption(EdnsOptionCode.Cookie, out var data) && data.Length > 8 ? data[8..] : default;

    /// <summary>Every Extended DNS Error option; a too-short one is skipped (the reader already rejected it).</summary>
    public IReadOnlyList<ExtendedDnsError> GetExtendedErrors()
    {
        var list = new List<ExtendedDnsError>();
        foreach (var option in GetOptions())
        {
            if (option.Code == EdnsOptionCode.ExtendedDnsError && option.Data.Length >= 2)
            {
                var span = option.Data.Span;
                list.Add(new ExtendedDnsError(
                    BinaryPrimitives.ReadUInt16BigEndian(span),
                    Encoding.UTF8.GetString(span[2..]).TrimEnd('\0')));
            }
        }

        return list;
    }

    /// <summary>Dig-style pseudo-section lines.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"; EDNS: version: {Version}, flags:{(DnssecOk ? " do" : string.Empty)}; udp: {UdpPayloadSize}");
        foreach (var option in GetOptions())
        {
            builder.Append('\n');
            switch (option.Code)
            {
                case EdnsOptionCode.Nsid:
                    builder.Append("; NSID: ").Append(Convert.ToHexString(option.Data.Span));
                    break;
                case EdnsOptionCode.Cookie:
                    builder.Append("; COOKIE: ").Append(Convert.ToHexString(option.Data.Span).ToLowerInvariant());
                    break;
                case EdnsOptionCode.ExtendedDnsError when option.Data.Length >= 2:
                    builder.Append(CultureInfo.InvariantCulture, $"; EDE: {BinaryPrimitives.ReadUInt16BigEndian(option.Data.Span)}")
                        .Append(CultureInfo.InvariantCulture, $" (\"{Encoding.UTF8.GetString(option.Data.Span[2..])}\")");
                    break;
                default:
                    builder.Append(CultureInfo.InvariantCulture, $"; OPT={(ushort)option.Code}: ").Append(Convert.ToHexString(option.Data.Span));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Checks that options tile the RDATA exactly and that fixed-layout options have legal lengths.</summary>
    internal static void ValidateOptions(ReadOnlySpan<byte> rdata, int baseOffset, ParseLimits limits)
    {
        var position = 0;
        var count = 0;
        while (position < rdata.Length)
        {
            if (position + 4 > rdata.Length)
            {
                throw new DnsFormatException(baseOffset + position, DnsFormatError.RdataLengthMismatch, "OPT option header");
            }

            var code = (EdnsOptionCode)BinaryPrimitives.ReadUInt16BigEndian(rdata[position..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rdata[(position + 2)..]);
            if (position + 4 + length > rdata.Length)
            {
                throw new DnsFormatException(baseOffset + position + 2, DnsFormatError.RdataLengthMismatch, "OPT option length");
            }

            var bad = code switch
            {
                EdnsOptionCode.Cookie => length != 8 && length is < 16 or > 40,
                EdnsOptionCode.ExtendedDnsError => length < 2,
                _ => false,
            };
            if (bad)
            {
                throw new DnsFormatException(baseOffset + position + 2, DnsFormatError.RdataLengthMismatch, $"OPT option {(ushort)code} length");
            }

            if (++count > limits.MaxEdnsOptions)
            {
                throw new DnsFormatException(baseOffset + position, DnsFormatError.TooManyOptions, "OPT options");
            }

            position += 4 + length;
        }
    }
}

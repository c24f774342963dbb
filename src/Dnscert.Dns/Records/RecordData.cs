using System.Buffers;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>
/// Typed RDATA. <see cref="object.ToString"/> gives the presentation format (as dig prints it, without
/// line splitting); <see cref="DnsMessageWriter.AddRecord"/> writes it back to wire form.
/// </summary>
public abstract class RecordData
{
    private protected RecordData(RRType type) => Type = type;

    public RRType Type { get; }

    /// <summary>Decodes the RDATA at <paramref name="offset"/> in <paramref name="message"/>; throws <see cref="DnsFormatException"/>.</summary>
    public static RecordData Decode(ReadOnlySpan<byte> message, int offset, int length, RRType type)
    {
        if (offset < 0 || length < 0 || offset + length > message.Length)
        {
            throw new DnsFormatException(offset, DnsFormatError.Truncated, "RDATA");
        }

        var reader = new RdataReader(message, offset, length, type);
        RecordData data = type switch
        {
            RRType.A or RRType.AAAA => AddressRecordData.Read(ref reader, type),
            RRType.NS or RRType.CNAME or RRType.PTR or RRType.DNAME => NameRecordData.Read(ref reader, type),
            RRType.SOA => SoaRecordData.Read(ref reader),
            RRType.MX => MxRecordData.Read(ref reader),
            RRType.TXT or RRType.SPF => TxtRecordData.Read(ref reader, type),
            RRType.SRV => SrvRecordData.Read(ref reader),
            RRType.NAPTR => NaptrRecordData.Read(ref reader),
            RRType.CAA => CaaRecordData.Read(ref reader),
            RRType.HINFO => HinfoRecordData.Read(ref reader),
            RRType.DS or RRType.CDS => DsRecordData.Read(ref reader, type),
            RRType.DNSKEY or RRType.CDNSKEY => DnskeyRecordData.Read(ref reader, type),
            RRType.RRSIG => RrsigRecordData.Read(ref reader),
            RRType.NSEC => NsecRecordData.Read(ref reader),
            RRType.NSEC3 => Nsec3RecordData.Read(ref reader),
            RRType.NSEC3PARAM => Nsec3ParamRecordData.Read(ref reader),
            RRType.TLSA => TlsaRecordData.Read(ref reader),
            RRType.SSHFP => SshfpRecordData.Read(ref reader),
            RRType.SVCB or RRType.HTTPS => SvcbRecordData.Read(ref reader, type),
            RRType.ZONEMD => ZonemdRecordData.Read(ref reader),
            _ => new UnknownRecordData(type, reader.ReadRest()),
        };
        reader.End();
        return data;
    }

    /// <summary>Decodes RDATA that contains no compression pointers (e.g. from a zone file or a test).</summary>
    public static RecordData Decode(ReadOnlySpan<byte> rdata, RRType type) => Decode(rdata, 0, rdata.Length, type);

    /// <summary>
    /// Parses RDATA in presentation format (one line; what <see cref="object.ToString"/> prints), or the
    /// RFC 3597 generic form <c>\# length hex</c> for any type. Names without a final dot are made absolute
    /// with <paramref name="origin"/> when given, and <c>@</c> stands for it. Throws <see cref="DnsFormatException"/>.
    /// </summary>
    public static RecordData Parse(RRType type, string text, DomainName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RecordDataText.Parse(type, text, origin);
    }

    /// <summary>The presentation format, as dig prints it without line splitting.</summary>
    public abstract override string ToString();

    /// <summary>Writes the RDATA (without RDLENGTH).</summary>
    internal abstract void WriteRdata(ref DnsMessageWriter writer);

    /// <summary>The uncompressed RDATA wire form.</summary>
    public byte[] ToWire()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DnsMessage.MaxLength);
        try
        {
            var writer = new DnsMessageWriter(buffer, compress: false);
            var start = writer.Length;
            WriteRdata(ref writer);
            return buffer.AsSpan(start, writer.Length - start).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 3597 generic presentation: <c>\# length hex</c>.</summary>
    public string ToGenericPresentation()
    {
        var wire = ToWire();
        return wire.Length == 0 ? "\\# 0" : $"\\# {wire.Length} {Convert.ToHexStringLower(wire)}";
    }
}

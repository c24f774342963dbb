using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>MX (RFC 1035 §3.3.9).</summary>
public sealed class MxRecordData(ushort preference, DomainName exchange) : RecordData(RRType.MX)
{
    public ushort Preference { get; } = preference;

    public DomainName Exchange { get; } = exchange;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Preference} {Exchange}");

    internal static MxRecordData Read(ref RdataReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Preference);
        writer.WriteName(Exchange, true);
    }
}

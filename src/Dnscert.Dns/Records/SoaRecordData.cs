using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>SOA (RFC 1035 §3.3.13).</summary>
public sealed class SoaRecordData(DomainName primary, DomainName responsible, uint serial, uint refresh, uint retry, uint expire, uint minimum)
    : RecordData(RRType.SOA)
{
    public DomainName Primary { get; } = primary;

    public DomainName Responsible { get; } = responsible;

    public uint Serial { get; } = serial;

    public uint Refresh { get; } = refresh;

    public uint Retry { get; } = retry;

    public uint Expire { get; } = expire;

    public uint Minimum { get; } = minimum;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Primary} {Responsible} {Serial} {Refresh} {Retry} {Expire} {Minimum}");

    internal static SoaRecordData Read(ref RdataReader reader) => new(
        reader.ReadName(), reader.ReadName(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteName(Primary, true);
        writer.WriteName(Responsible, true);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }
}

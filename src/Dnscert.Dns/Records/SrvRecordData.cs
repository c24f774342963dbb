using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>SRV (RFC 2782). The target is written uncompressed (RFC 3597 §4).</summary>
public sealed class SrvRecordData(ushort priority, ushort weight, ushort port, DomainName target) : RecordData(RRType.SRV)
{
    public ushort Priority { get; } = priority;

    public ushort Weight { get; } = weight;

    public ushort Port { get; } = port;

    public DomainName Target { get; } = target;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target}");

    internal static SrvRecordData Read(ref RdataReader reader) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadName());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteName(Target, false);
    }
}

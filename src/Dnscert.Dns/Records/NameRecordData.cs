using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>RDATA that is one name: NS, CNAME, PTR (RFC 1035) and DNAME (RFC 6672).</summary>
public sealed class NameRecordData : RecordData
{
    public NameRecordData(RRType type, DomainName target)
        : base(type is RRType.NS or RRType.CNAME or RRType.PTR or RRType.DNAME
            ? type
            : throw new ArgumentException("NS, CNAME, PTR or DNAME expected.", nameof(type))) => Target = target;

    public DomainName Target { get; }

    public override string ToString() => Target.ToString();

    internal static NameRecordData Read(ref RdataReader reader, RRType type) => new(type, reader.ReadName());

    // RFC 3597 §4: only the RFC 1035 types may be compressed; DNAME is newer (RFC 6672 §2.5).
    internal override void WriteRdata(ref DnsMessageWriter writer) => writer.WriteName(Target, Type != RRType.DNAME);
}

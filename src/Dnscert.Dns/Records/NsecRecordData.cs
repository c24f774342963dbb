using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>NSEC (RFC 4034 §4): next owner name and the types present at this owner.</summary>
public sealed class NsecRecordData : RecordData
{
    public NsecRecordData(DomainName nextName, IEnumerable<RRType> types)
        : base(RRType.NSEC)
    {
        ArgumentNullException.ThrowIfNull(types);
        NextName = nextName;
        Types = [.. types.Distinct().Order()];
    }

    public DomainName NextName { get; }

    public IReadOnlyList<RRType> Types { get; }

    public override string ToString() => NextName + PresentationText.TypeList(Types);

    internal static NsecRecordData Read(ref RdataReader reader)
    {
        var next = reader.ReadName();
        return new NsecRecordData(next, TypeBitmap.Decode(reader.ReadRest()));
    }

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteName(NextName, false);
        writer.WriteBytes(TypeBitmap.Encode(Types));
    }
}

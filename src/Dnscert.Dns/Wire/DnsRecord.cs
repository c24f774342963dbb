using System.Globalization;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Wire;

/// <summary>
/// One resource record as offsets into its message. Reading a message builds these without allocating;
/// <see cref="Owner"/> and <see cref="GetData"/> allocate only when called.
/// </summary>
public readonly record struct DnsRecord(
    ReadOnlyMemory<byte> Message,
    DnsSection Section,
    int NameOffset,
    RRType Type,
    ushort RawClass,
    uint Ttl,
    int RdataOffset,
    int RdataLength)
{
    public RRClass Class => (RRClass)RawClass;

    public DomainName Owner => DnsNameReader.Read(Message.Span, NameOffset, ParseLimits.AlreadyChecked, "owner name", out _);

    /// <summary>The RDATA as sent; names inside may be compression pointers into the message.</summary>
    public ReadOnlySpan<byte> Rdata => Message.Span.Slice(RdataOffset, RdataLength);

    /// <summary>Typed RDATA with names decompressed; unknown types come back as <see cref="UnknownRecordData"/>.</summary>
    public RecordData GetData() => RecordData.Decode(Message.Span, RdataOffset, RdataLength, Type);

    /// <summary>Dig-style line: owner, TTL, class, type, RDATA.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Owner}\t{Ttl}\t{DnsMnemonics.ToText(Class)}\t{DnsMnemonics.ToText(Type)}\t{GetData()}");
}

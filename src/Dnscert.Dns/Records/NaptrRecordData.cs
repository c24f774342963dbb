using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>NAPTR (RFC 3403 §4.1).</summary>
public sealed class NaptrRecordData(
    ushort order, ushort preference, ReadOnlyMemory<byte> flags, ReadOnlyMemory<byte> services, ReadOnlyMemory<byte> regexp, DomainName replacement)
    : RecordData(RRType.NAPTR)
{
    public ushort Order { get; } = order;

    public ushort Preference { get; } = preference;

    public ReadOnlyMemory<byte> Flags { get; } = flags;

    public ReadOnlyMemory<byte> Services { get; } = services;

    public ReadOnlyMemory<byte> Regexp { get; } = regexp;

    public DomainName Replacement { get; } = replacement;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Order} {Preference} {PresentationText.Quoted(Flags.Span)} {PresentationText.Quoted(Services.Span)} {PresentationText.Quoted(Regexp.Span)} {Replacement}");

    internal static NaptrRecordData Read(ref RdataReader reader) => new(
        reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadCharacterString(), reader.ReadCharacterString(), reader.ReadCharacterString(), reader.ReadName());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Order);
        writer.WriteUInt16(Preference);
        writer.WriteCharacterString(Flags.Span);
        writer.WriteCharacterString(Services.Span);
        writer.WriteCharacterString(Regexp.Span);
        writer.WriteName(Replacement, false);
    }
}

using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>TLSA (RFC 6698 §2).</summary>
public sealed class TlsaRecordData(byte usage, byte selector, byte matchingType, ReadOnlyMemory<byte> data) : RecordData(RRType.TLSA)
{
    public byte Usage { get; } = usage;

    public byte Selector { get; } = selector;

    public byte MatchingType { get; } = matchingType;

    public ReadOnlyMemory<byte> Data { get; } = data;

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => Data.IsEmpty ? ToGenericPresentation() :
        string.Create(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} {PresentationText.Hex(Data.Span)}");

    internal static TlsaRecordData Read(ref RdataReader reader) => new(reader.ReadByte(), reader.ReadByte(), reader.ReadByte(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Usage);
        writer.WriteByte(Selector);
        writer.WriteByte(MatchingType);
        writer.WriteBytes(Data.Span);
    }
}

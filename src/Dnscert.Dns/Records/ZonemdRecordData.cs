using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>ZONEMD (RFC 8976 §2).</summary>
public sealed class ZonemdRecordData(uint serial, byte scheme, byte hashAlgorithm, ReadOnlyMemory<byte> digest) : RecordData(RRType.ZONEMD)
{
    public uint Serial { get; } = serial;

    public byte Scheme { get; } = scheme;

    public byte HashAlgorithm { get; } = hashAlgorithm;

    public ReadOnlyMemory<byte> Digest { get; } = digest;

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => Digest.IsEmpty ? ToGenericPresentation() :
        string.Create(CultureInfo.InvariantCulture, $"{Serial} {Scheme} {HashAlgorithm} {PresentationText.Hex(Digest.Span)}");

    internal static ZonemdRecordData Read(ref RdataReader reader) => new(reader.ReadUInt32(), reader.ReadByte(), reader.ReadByte(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt32(Serial);
        writer.WriteByte(Scheme);
        writer.WriteByte(HashAlgorithm);
        writer.WriteBytes(Digest.Span);
    }
}

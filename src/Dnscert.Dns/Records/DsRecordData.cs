using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>DS (RFC 4034 §5) and CDS (RFC 7344, same layout).</summary>
public sealed class DsRecordData : RecordData
{
    public DsRecordData(RRType type, ushort keyTag, byte algorithm, byte digestType, ReadOnlyMemory<byte> digest)
        : base(type is RRType.DS or RRType.CDS ? type : throw new ArgumentException("DS or CDS expected.", nameof(type)))
    {
        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        Digest = digest;
    }

    public ushort KeyTag { get; }

    public byte Algorithm { get; }

    public byte DigestType { get; }

    public ReadOnlyMemory<byte> Digest { get; }

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => Digest.IsEmpty ? ToGenericPresentation() :
        string.Create(CultureInfo.InvariantCulture, $"{KeyTag} {Algorithm} {DigestType} {PresentationText.Hex(Digest.Span)}");

    internal static DsRecordData Read(ref RdataReader reader, RRType type) =>
        new(type, reader.ReadUInt16(), reader.ReadByte(), reader.ReadByte(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(KeyTag);
        writer.WriteByte(Algorithm);
        writer.WriteByte(DigestType);
        writer.WriteBytes(Digest.Span);
    }
}

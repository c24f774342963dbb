using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>RRSIG (RFC 4034 §3). The signer name is never compressed.</summary>
public sealed class RrsigRecordData(
    RRType typeCovered, byte algorithm, byte labels, uint originalTtl, uint expiration, uint inception, ushort keyTag, DomainName signer, ReadOnlyMemory<byte> signature)
    : RecordData(RRType.RRSIG)
{
    public RRType TypeCovered { get; } = typeCovered;

    public byte Algorithm { get; } = algorithm;

    public byte Labels { get; } = labels;

    public uint OriginalTtl { get; } = originalTtl;

    /// <summary>Seconds since the epoch modulo 2^32 (RFC 4034 §3.1.5); compare with serial arithmetic.</summary>
    public uint Expiration { get; } = expiration;

    public uint Inception { get; } = inception;

    public ushort KeyTag { get; } = keyTag;

    public DomainName Signer { get; } = signer;

    public ReadOnlyMemory<byte> Signature { get; } = signature;

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => Signature.IsEmpty ? ToGenericPresentation() : string.Create(
        CultureInfo.InvariantCulture,
        $"{DnsMnemonics.ToText(TypeCovered)} {Algorithm} {Labels} {OriginalTtl} {PresentationText.SignatureTime(Expiration)} {PresentationText.SignatureTime(Inception)} {KeyTag} {Signer} {PresentationText.Base64(Signature.Span)}");

    internal static RrsigRecordData Read(ref RdataReader reader) => new(
        (RRType)reader.ReadUInt16(), reader.ReadByte(), reader.ReadByte(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt16(), reader.ReadName(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16((ushort)TypeCovered);
        writer.WriteByte(Algorithm);
        writer.WriteByte(Labels);
        writer.WriteUInt32(OriginalTtl);
        writer.WriteUInt32(Expiration);
        writer.WriteUInt32(Inception);
        writer.WriteUInt16(KeyTag);
        writer.WriteName(Signer, false);
        writer.WriteBytes(Signature.Span);
    }
}

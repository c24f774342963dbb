using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>SSHFP (RFC 4255 §3).</summary>
public sealed class SshfpRecordData(byte algorithm, byte fingerprintType, ReadOnlyMemory<byte> fingerprint) : RecordData(RRType.SSHFP)
{
    public byte Algorithm { get; } = algorithm;

    public byte FingerprintType { get; } = fingerprintType;

    public ReadOnlyMemory<byte> Fingerprint { get; } = fingerprint;

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => Fingerprint.IsEmpty ? ToGenericPresentation() :
        string.Create(CultureInfo.InvariantCulture, $"{Algorithm} {FingerprintType} {PresentationText.Hex(Fingerprint.Span)}");

    internal static SshfpRecordData Read(ref RdataReader reader) => new(reader.ReadByte(), reader.ReadByte(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Algorithm);
        writer.WriteByte(FingerprintType);
        writer.WriteBytes(Fingerprint.Span);
    }
}

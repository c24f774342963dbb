using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>NSEC3PARAM (RFC 5155 §4).</summary>
public sealed class Nsec3ParamRecordData(byte hashAlgorithm, byte flags, ushort iterations, ReadOnlyMemory<byte> salt)
    : RecordData(RRType.NSEC3PARAM)
{
    public byte HashAlgorithm { get; } = hashAlgorithm;

    public byte Flags { get; } = flags;

    public ushort Iterations { get; } = iterations;

    public ReadOnlyMemory<byte> Salt { get; } = salt;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} {PresentationText.Hex(Salt.Span)}");

    internal static Nsec3ParamRecordData Read(ref RdataReader reader) =>
        new(reader.ReadByte(), reader.ReadByte(), reader.ReadUInt16(), reader.ReadCharacterString());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(Salt.Span);
    }
}

using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>NSEC3 (RFC 5155 §3). The next hashed owner prints in base32hex without padding.</summary>
public sealed class Nsec3RecordData : RecordData
{
    public Nsec3RecordData(byte hashAlgorithm, byte flags, ushort iterations, ReadOnlyMemory<byte> salt, ReadOnlyMemory<byte> nextHashedOwner, IEnumerable<RRType> types)
        : base(RRType.NSEC3)
    {
        ArgumentNullException.ThrowIfNull(types);
        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        Salt = salt;
        NextHashedOwner = nextHashedOwner;
        Types = [.. types.Distinct().Order()];
    }

    public byte HashAlgorithm { get; }

    public byte Flags { get; }

    public bool OptOut => (Flags & 1) != 0;

    public ushort Iterations { get; }

    public ReadOnlyMemory<byte> Salt { get; }

    public ReadOnlyMemory<byte> NextHashedOwner { get; }

    public IReadOnlyList<RRType> Types { get; }

    public override string ToString() => NextHashedOwner.IsEmpty ? ToGenericPresentation() : string.Create(
        CultureInfo.InvariantCulture,
        $"{HashAlgorithm} {Flags} {Iterations} {PresentationText.Hex(Salt.Span)} {PresentationText.Base32Hex(NextHashedOwner.Span)}{PresentationText.TypeList(Types)}");

    internal static Nsec3RecordData Read(ref RdataReader reader)
    {
        var algorithm = reader.ReadByte();
        var flags = reader.ReadByte();
        var iterations = reader.ReadUInt16();
        var salt = reader.ReadCharacterString();
        var next = reader.ReadCharacterString();
        return new Nsec3RecordData(algorithm, flags, iterations, salt, next, TypeBitmap.Decode(reader.ReadRest()));
    }

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(Salt.Span);
        writer.WriteCharacterString(NextHashedOwner.Span);
        writer.WriteBytes(TypeBitmap.Encode(Types));
    }
}

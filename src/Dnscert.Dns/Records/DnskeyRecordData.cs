using System.Globalization;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>DNSKEY (RFC 4034 §2) and CDNSKEY (RFC 7344, same layout).</summary>
public sealed class DnskeyRecordData : RecordData
{
    public DnskeyRecordData(RRType type, ushort flags, byte protocol, byte algorithm, ReadOnlyMemory<byte> publicKey)
        : base(type is RRType.DNSKEY or RRType.CDNSKEY ? type : throw new ArgumentException("DNSKEY or CDNSKEY expected.", nameof(type)))
    {
        Flags = flags;
        Protocol = protocol;
        Algorithm = algorithm;
        PublicKey = publicKey;
    }

    public ushort Flags { get; }

    public byte Protocol { get; }

    public byte Algorithm { get; }

    public ReadOnlyMemory<byte> PublicKey { get; }

    public bool IsZoneKey => (Flags & 0x0100) != 0;

    public bool IsSecureEntryPoint => (Flags & 0x0001) != 0;

    public bool IsRevoked => (Flags & 0x0080) != 0;

    /// <summary>The key tag of RFC 4034 Appendix B (algorithm 1 keys use their own rule and are not special-cased).</summary>
    public ushort KeyTag
    {
        get
        {
            var rdata = ToWire();
            uint sum = 0;
            for (var i = 0; i < rdata.Length; i++)
            {
                sum += (i & 1) == 0 ? (uint)rdata[i] << 8 : rdata[i];
            }

            sum += (sum >> 16) & 0xFFFF;
            return (ushort)(sum & 0xFFFF);
        }
    }

    // Presentation has no spelling for an empty trailing field, so such a record prints in RFC 3597 form.
    public override string ToString() => PublicKey.IsEmpty ? ToGenericPresentation() :
        string.Create(CultureInfo.InvariantCulture, $"{Flags} {Protocol} {Algorithm} {PresentationText.Base64(PublicKey.Span)}");

    internal static DnskeyRecordData Read(ref RdataReader reader, RRType type) =>
        new(type, reader.ReadUInt16(), reader.ReadByte(), reader.ReadByte(), reader.ReadRest());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Flags);
        writer.WriteByte(Protocol);
        writer.WriteByte(Algorithm);
        writer.WriteBytes(PublicKey.Span);
    }
}

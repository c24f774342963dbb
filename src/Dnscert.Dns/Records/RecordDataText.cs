using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>Presentation text to typed RDATA, one function per layout; the inverse of each type's ToString.</summary>
internal static class RecordDataText
{
    public static RecordData Parse(RRType type, string text, DomainName? origin)
    {
        var reader = new PresentationReader(text, DnsMnemonics.ToText(type) + " RDATA", origin);
        var data = reader.AtEnd || !text.TrimStart().StartsWith("\\#", StringComparison.Ordinal)
            ? ParseTyped(type, reader)
            : ParseGeneric(type, reader);
        reader.End();
        return data;
    }

    private static RecordData ParseGeneric(RRType type, PresentationReader reader)
    {
        reader.Token("\\#");
        var at = reader.Position;
        var length = reader.UInt16("RDATA length");
        var bytes = reader.Hex("RDATA", allowEmpty: true);
        if (bytes.Length != length)
        {
            throw new DnsFormatException(at, DnsFormatError.RdataLengthMismatch, $"{DnsMnemonics.ToText(type)} generic RDATA (length {length}, {bytes.Length} octets given)");
        }

        // The same checks as on the wire, then the typed form when the type has one.
        RdataValidator.Validate(bytes, 0, bytes.Length, type, ParseLimits.Default);
        return RecordData.Decode(bytes, type);
    }

    private static RecordData ParseTyped(RRType type, PresentationReader r) => type switch
    {
        RRType.A or RRType.AAAA => new AddressRecordData(Address(r, type)),
        RRType.NS or RRType.CNAME or RRType.PTR or RRType.DNAME => new NameRecordData(type, r.Name("target")),
        RRType.SOA => new SoaRecordData(r.Name("MNAME"), r.Name("RNAME"), r.UInt32("serial"), r.UInt32("refresh"), r.UInt32("retry"), r.UInt32("expire"), r.UInt32("minimum")),
        RRType.MX => new MxRecordData(r.UInt16("preference"), r.Name("exchange")),
        RRType.TXT or RRType.SPF => new TxtRecordData(type, Strings(r)),
        RRType.SRV => new SrvRecordData(r.UInt16("priority"), r.UInt16("weight"), r.UInt16("port"), r.Name("target")),
        RRType.NAPTR => new NaptrRecordData(r.UInt16("order"), r.UInt16("preference"), r.CharacterString("flags"), r.CharacterString("services"), r.CharacterString("regexp"), r.Name("replacement")),
        RRType.CAA => Caa(r),
        RRType.HINFO => new HinfoRecordData(r.CharacterString("CPU"), r.CharacterString("OS")),
        RRType.DS or RRType.CDS => new DsRecordData(type, r.UInt16("key tag"), r.Byte("algorithm"), r.Byte("digest type"), r.Hex("digest", allowEmpty: false)),
        RRType.DNSKEY or RRType.CDNSKEY => new DnskeyRecordData(type, r.UInt16("flags"), r.Byte("protocol"), r.Byte("algorithm"), r.Base64("public key")),
        RRType.RRSIG => new RrsigRecordData(TypeCovered(r), r.Byte("algorithm"), r.Byte("labels"), r.UInt32("original TTL"), Time(r, "expiration"), Time(r, "inception"), r.UInt16("key tag"), r.Name("signer"), r.Base64("signature")),
        RRType.NSEC => new NsecRecordData(r.Name("next name"), r.Types()),
        RRType.NSEC3 => new Nsec3RecordData(r.Byte("hash algorithm"), r.Byte("flags"), r.UInt16("iterations"), Salt(r), NextHash(r), r.Types()),
        RRType.NSEC3PARAM => new Nsec3ParamRecordData(r.Byte("hash algorithm"), r.Byte("flags"), r.UInt16("iterations"), Salt(r)),
        RRType.TLSA => new TlsaRecordData(r.Byte("usage"), r.Byte("selector"), r.Byte("matching type"), r.Hex("data", allowEmpty: false)),
        RRType.SSHFP => new SshfpRecordData(r.Byte("algorithm"), r.Byte("fingerprint type"), r.Hex("fingerprint", allowEmpty: false)),
        RRType.ZONEMD => new ZonemdRecordData(r.UInt32("serial"), r.Byte("scheme"), r.Byte("hash algorithm"), r.Hex("digest", allowEmpty: false)),
        RRType.SVCB or RRType.HTTPS => new SvcbRecordData(type, r.UInt16("priority"), r.Name("target"), SvcParamText.ParseAll(r)),
        _ => throw r.Error("(this type has only the generic \\# form)"),
    };

    private static IPAddress Address(PresentationReader r, RRType type)
    {
        var at = r.Position;
        var token = r.Token("address");
        var family = type == RRType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        return IPAddress.TryParse(token, out var address) && address.AddressFamily == family && (type == RRType.AAAA || token.Count(c => c == '.') == 3)
            ? address
            : throw r.Error($"address ({token} is not an {(type == RRType.A ? "IPv4" : "IPv6")} address)", at);
    }

    private static List<ReadOnlyMemory<byte>> Strings(PresentationReader r)
    {
        var strings = new List<ReadOnlyMemory<byte>> { r.CharacterString("string") };
        while (!r.AtEnd)
        {
            strings.Add(r.CharacterString("string"));
        }

        return strings;
    }

    private static CaaRecordData Caa(PresentationReader r)
    {
        var flags = r.Byte("flags");
        var at = r.Position;
        var tag = r.Token("tag");
        if (tag.Length > 255 || !tag.All(char.IsAsciiLetterOrDigit))
        {
            throw r.Error($"tag ({tag} is not letters and digits)", at);
        }

        return new CaaRecordData(flags, tag, r.QuotedOrToken("value"));
    }

    private static RRType TypeCovered(PresentationReader r)
    {
        var at = r.Position;
        var token = r.Token("type covered");
        return DnsMnemonics.TryParseType(token, out var type) ? type : throw r.Error($"type covered ({token} is not a type)", at);
    }

    /// <summary>YYYYMMDDHHmmSS, or a plain number of seconds (RFC 4034 §3.2).</summary>
    private static uint Time(PresentationReader r, string what)
    {
        var at = r.Position;
        var token = r.Token(what);
        if (token.Length == 14 && DateTimeOffset.TryParseExact(token, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return (uint)time.ToUnixTimeSeconds();
        }

        return token.Length < 14 && uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw r.Error($"{what} ({token} is neither YYYYMMDDHHmmSS nor seconds)", at);
    }

    private static byte[] Salt(PresentationReader r)
    {
        var at = r.Position;
        var token = r.Token("salt");
        return token == "-" ? [] : r.DecodeHex(token, "salt", at);
    }

    private static byte[] NextHash(PresentationReader r)
    {
        var at = r.Position;
        var token = r.Token("next hashed owner");
        return PresentationText.TryDecodeBase32Hex(token, out var bytes) && bytes.Length > 0
            ? bytes
            : throw r.Error($"next hashed owner ({token} is not base32hex)", at);
    }
}

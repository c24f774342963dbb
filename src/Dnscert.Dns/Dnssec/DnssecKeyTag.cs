using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// The key tag of RFC 4034 Appendix B. Unlike <see cref="DnskeyRecordData.KeyTag"/> it applies the
/// algorithm 1 (RSA/MD5) rule of Appendix B.1, so every DNSKEY a zone may publish gets the tag a signer gives it.
/// </summary>
public static class DnssecKeyTag
{
    public static ushort Compute(DnskeyRecordData key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var publicKey = key.PublicKey.Span;
        if (key.Algorithm == 1)
        {
            return publicKey.Length < 3 ? (ushort)0 : (ushort)((publicKey[^3] << 8) | publicKey[^2]);
        }

        // The four header octets (flags, protocol, algorithm) sit at even offsets 0 and 2, so the public key
        // starts at an even offset too and the sum continues over it unchanged; no RDATA copy is needed.
        var sum = (uint)key.Flags + (uint)((key.Protocol << 8) | key.Algorithm);
        return Fold(sum + Sum(publicKey));
    }

    /// <summary>The tag of a DNSKEY RDATA in wire form (flags, protocol, algorithm, public key).</summary>
    public static ushort Compute(ReadOnlySpan<byte> rdata)
    {
        if (rdata.Length < 4)
        {
            throw new ArgumentException("DNSKEY RDATA has at least 4 octets.", nameof(rdata));
        }

        if (rdata[3] == 1)
        {
            // B.1: the most significant 16 of the least significant 24 bits of the modulus, i.e. the
            // third- and second-to-last octets of the public key field.
            return rdata.Length < 7 ? (ushort)0 : (ushort)((rdata[^3] << 8) | rdata[^2]);
        }

        return Fold(Sum(rdata));
    }

    private static uint Sum(ReadOnlySpan<byte> octets)
    {
        uint sum = 0;
        for (var i = 0; i < octets.Length; i++)
        {
            sum += (i & 1) == 0 ? (uint)octets[i] << 8 : octets[i];
        }

        return sum;
    }

    private static ushort Fold(uint sum) => (ushort)((sum + ((sum >> 16) & 0xFFFF)) & 0xFFFF);
}

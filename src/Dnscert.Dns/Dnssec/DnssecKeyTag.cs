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
        return Compute(key.ToWire());
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

        uint sum = 0;
        for (var i = 0; i < rdata.Length; i++)
        {
            sum += (i & 1) == 0 ? (uint)rdata[i] << 8 : rdata[i];
        }

        sum += (sum >> 16) & 0xFFFF;
        return (ushort)(sum & 0xFFFF);
    }
}

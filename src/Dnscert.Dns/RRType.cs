namespace Dnscert.Dns;

/// <summary>Resource record types this layer knows by name; any other 16-bit value is valid as <c>TYPEnnn</c>.</summary>
#pragma warning disable CA1028 // The wire field is 16 bits; the enum mirrors it.
public enum RRType : ushort
#pragma warning restore CA1028
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
#pragma warning disable CA1720 // PTR is the DNS mnemonic, not a pointer type.
    PTR = 12,
#pragma warning restore CA1720
    HINFO = 13,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    NAPTR = 35,
    DNAME = 39,
    OPT = 41,
    DS = 43,
    SSHFP = 44,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    NSEC3 = 50,
    NSEC3PARAM = 51,
    TLSA = 52,
    CDS = 59,
    CDNSKEY = 60,
    ZONEMD = 63,
    SVCB = 64,
    HTTPS = 65,
    SPF = 99,
    IXFR = 251,
    AXFR = 252,
    ANY = 255,
    CAA = 257,
}

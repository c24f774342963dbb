namespace Dnscert.Dns.Edns;

/// <summary>EDNS option codes this layer names; others are kept as numbers.</summary>
#pragma warning disable CA1028 // Mirrors the 16-bit wire field.
public enum EdnsOptionCode : ushort
#pragma warning restore CA1028
{
    Nsid = 3,
    ClientSubnet = 8,
    Expire = 9,
    Cookie = 10,
    TcpKeepalive = 11,
    Padding = 12,
    ExtendedDnsError = 15,
}

namespace Dnscert.Checks.Facts;

/// <summary>What the IP-to-ASN database said about one address.</summary>
public enum AsnLookupStatus
{
    /// <summary>Origin ASNs and the announced prefix.</summary>
    Found = 0,

    /// <summary>NXDOMAIN or an empty answer: the address is not announced, as far as the database knows.</summary>
    Empty = 1,

    /// <summary>No answer, an error RCODE or data that does not parse.</summary>
    Error = 2,
}

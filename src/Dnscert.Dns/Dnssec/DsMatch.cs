namespace Dnscert.Dns.Dnssec;

/// <summary>How a DS (or CDS) relates to one DNSKEY, checked in this order.</summary>
public enum DsMatch
{
    /// <summary>Key tag, algorithm and digest all agree.</summary>
    Match = 0,

    /// <summary>The DS key tag is not the DNSKEY's tag: the DS is about another key.</summary>
    KeyTagDiffers = 1,

    /// <summary>The tag agrees but the algorithm does not.</summary>
    AlgorithmDiffers = 2,

    /// <summary>Digest type other than 1 (SHA-1), 2 (SHA-256) or 4 (SHA-384), e.g. 3 (GOST), which is not computed.</summary>
    UnsupportedDigestType = 3,

    /// <summary>Tag and algorithm agree but the digest is not the digest of this key at this owner.</summary>
    DigestDiffers = 4,
}

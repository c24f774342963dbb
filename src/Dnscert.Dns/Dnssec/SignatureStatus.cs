namespace Dnscert.Dns.Dnssec;

/// <summary>Why one RRSIG does or does not verify with one DNSKEY. The checks run in the order listed below Valid.</summary>
public enum SignatureStatus
{
    /// <summary>The signature verifies and the current time is inside its validity period.</summary>
    Valid = 0,

    /// <summary>The RRSIG algorithm is not the DNSKEY's algorithm.</summary>
    AlgorithmMismatch = 1,

    /// <summary>The RRSIG key tag is not the DNSKEY's key tag.</summary>
    KeyTagMismatch = 2,

    /// <summary>The signer name is not the zone the key belongs to, or the owner is not at or below the signer.</summary>
    SignerNotZone = 3,

    /// <summary>The Labels field is larger than the owner's label count (RFC 4035 §5.3.1).</summary>
    LabelsMismatch = 4,

    /// <summary>The current time is after the signature expiration.</summary>
    Expired = 5,

    /// <summary>The current time is before the signature inception.</summary>
    NotYetValid = 6,

    /// <summary>The algorithm is not implemented here, or the platform's crypto library refuses it (e.g. RSA/SHA-1 under a strict OpenSSL policy).</summary>
    UnsupportedAlgorithm = 7,

    /// <summary>The DNSKEY cannot be used: not a zone key, protocol not 3, or its public key cannot be imported.</summary>
    MalformedKey = 8,

    /// <summary>Everything else is in order but the cryptographic check fails: the data or the signature was changed.</summary>
    BadSignature = 9,
}

namespace Dnscert.Lab.Scenarios;

/// <summary>How the lab signs a zone when it comes up (fresh keys, fresh signatures).</summary>
public sealed class SignSpec
{
    /// <summary>DNSSEC algorithm mnemonic: RSASHA1, RSASHA256, RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519, ED448.</summary>
    public string? Algorithm { get; set; }

    /// <summary>RSA key size in bits; ignored for other algorithms.</summary>
    public int? Bits { get; set; }

    /// <summary>False signs with one key that has no SEP flag (flags 256): the "no KSK" fault.</summary>
    public bool Sep { get; set; } = true;

    public Nsec3Spec? Nsec3 { get; set; }

    /// <summary>Signature inception relative to lab start, e.g. <c>-1h</c> or <c>-30d</c>.</summary>
    public string? Inception { get; set; }

    /// <summary>Signature expiration relative to lab start, e.g. <c>+30d</c>, <c>+1d</c> or <c>-1d</c> (already expired).</summary>
    public string? Expiration { get; set; }
}

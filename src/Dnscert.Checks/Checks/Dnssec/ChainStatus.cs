namespace Dnscert.Checks.Dnssec;

/// <summary>The RFC 4035 §4.3 states of the chain of trust, plus "could not be followed".</summary>
public enum ChainStatus
{
    Secure,
    Insecure,
    Bogus,
    Indeterminate,
}

namespace Dnscert.Lab.Scenarios;

/// <summary>One logical name server of a scenario: an implementation on its own loopback address.</summary>
public sealed class ServerSpec
{
    public string? Name { get; set; }

    /// <summary><c>nsd</c>, <c>knot</c>, <c>bind</c>, <c>fault</c> (the lab's fault-injecting proxy) or <c>none</c> (nothing listens).</summary>
    public string? Software { get; set; }

    public string? Address { get; set; }

    /// <summary>BIND only: also answer recursive queries (resolving inside the lab hierarchy only).</summary>
    public bool Recursion { get; set; }

    /// <summary>Allow zone transfers (AXFR) to anyone.</summary>
    public bool AxfrOpen { get; set; }

    /// <summary>For <c>fault</c>: the real server behind the proxy (<c>nsd</c>, <c>knot</c>, <c>bind</c> or <c>none</c>).</summary>
    public string? Backend { get; set; }

    /// <summary>
    /// The origin ASNs the lab's IP-to-ASN data (CONNECTIVITY03/04) gives this address; unset: one private ASN of
    /// its own. Servers of one scenario that share a value are "announced from the same AS".
    /// </summary>
    public List<long>? Asn { get; set; }

    /// <summary>The announced prefix the lab's IP-to-ASN data gives this address (CIDR containing it); unset: the address as a /32.</summary>
    public string? Prefix { get; set; }

    /// <summary>For <c>fault</c>: the misbehaviours the proxy applies.</summary>
    public List<FaultSpec>? Faults { get; set; }
}

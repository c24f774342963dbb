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

    /// <summary>For <c>fault</c>: the misbehaviours the proxy applies.</summary>
    public List<FaultSpec>? Faults { get; set; }
}

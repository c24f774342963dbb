namespace Dnscert.Lab.Scenarios;

/// <summary>A query that proves a planted fault is served: sent to one server, with what must come back.</summary>
public sealed class ProbeSpec
{
    public string? Server { get; set; }

    public string? Qname { get; set; }

    public string? Qtype { get; set; }

    public bool Tcp { get; set; }

    /// <summary>Send EDNS (default); false sends a plain 512-octet query.</summary>
    public bool Edns { get; set; } = true;

    /// <summary>Set the DO bit.</summary>
    public bool Dnssec { get; set; }

    public ProbeExpectation? Expect { get; set; }
}

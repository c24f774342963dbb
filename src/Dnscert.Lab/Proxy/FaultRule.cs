namespace Dnscert.Lab.Proxy;

/// <summary>
/// One fault and the queries it applies to. Rules of an endpoint are tried in order; the first
/// that matches the query's qtype, transport and owner name wins.
/// </summary>
public sealed record FaultRule(FaultKind Kind)
{
    /// <summary>Query types this rule applies to as mnemonics ("A", "DNSKEY", "TYPE65280"); empty means all.</summary>
    public IReadOnlyList<string> QTypes { get; init; } = [];

    /// <summary>"udp", "tcp" or "both".</summary>
    public string Transport { get; init; } = "both";

    /// <summary>AddAnswer only: presentation-format records (A, AAAA, NS, CNAME, TXT, MX).</summary>
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>Optional absolute owner name (trailing dot) the rule is limited to; compared case-insensitively.</summary>
    public string? QName { get; init; }
}

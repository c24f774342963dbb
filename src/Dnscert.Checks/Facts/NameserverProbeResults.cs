using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>
/// How one server treated the Nameserver module's unusual queries (all sent at once by
/// <see cref="Engine.NameserverProbes"/>). A null outcome means the probe was not sent.
/// </summary>
public sealed record NameserverProbeResults
{
    /// <summary>SOA with EDNS version 0, buffer 512, no DO (NAMESERVER02, 10).</summary>
    public DnsExchangeOutcome? Edns0 { get; init; }

    /// <summary>SOA without OPT, to tell "no EDNS" from "no answer at all" (NAMESERVER02 BREAKS_ON_EDNS).</summary>
    public DnsExchangeOutcome? NoEdns { get; init; }

    /// <summary>SOA with EDNS version 1 (NAMESERVER10: BADVERS expected).</summary>
    public DnsExchangeOutcome? Edns1 { get; init; }

    /// <summary>SOA with an unassigned EDNS option code (NAMESERVER11: ignored, not echoed).</summary>
    public DnsExchangeOutcome? UnknownOption { get; init; }

    /// <summary>SOA with an unassigned EDNS flag (Z) bit set (NAMESERVER12: cleared in the answer).</summary>
    public DnsExchangeOutcome? EdnsZFlag { get; init; }

    /// <summary>DNSKEY with DO=1 and buffer 512, likely truncated for a signed zone (NAMESERVER13).</summary>
    public DnsExchangeOutcome? TruncatedDnskey { get; init; }

    /// <summary>SOA with EDNS version 1 and the unassigned option code (NAMESERVER14).</summary>
    public DnsExchangeOutcome? Edns1UnknownOption { get; init; }

    /// <summary>SOA for the zone name in mixed case, e.g. ExAmPlE.tEsT (NAMESERVER08); null for a name without letters.</summary>
    public DnsExchangeOutcome? MixedCase { get; init; }

    /// <summary>SOA for www.&lt;zone&gt; with every other letter upper case, starting upper (NAMESERVER09); null without letters.</summary>
    public DnsExchangeOutcome? CaseQuery1 { get; init; }

    /// <summary>The same name with the opposite case pattern (NAMESERVER09).</summary>
    public DnsExchangeOutcome? CaseQuery2 { get; init; }

    /// <summary>A of the zone apex over UDP (NAMESERVER05).</summary>
    public DnsExchangeOutcome? ApexA { get; init; }

    /// <summary>AAAA of the zone apex over UDP (NAMESERVER05: RFC 4074 misbehaviours).</summary>
    public DnsExchangeOutcome? ApexAaaa { get; init; }

    /// <summary>NS of the root with RD=0 (NAMESERVER07: no upward referral); null when the zone is the root.</summary>
    public DnsExchangeOutcome? RootNs { get; init; }

    /// <summary>version.bind CH TXT (NAMESERVER15).</summary>
    public DnsExchangeOutcome? VersionBind { get; init; }

    /// <summary>version.server CH TXT (NAMESERVER15).</summary>
    public DnsExchangeOutcome? VersionServer { get; init; }

    /// <summary>The unassigned EDNS option code sent in <see cref="UnknownOption"/>.</summary>
    public const ushort UnknownOptionCode = 137;

    /// <summary>The EDNS flag bit set in <see cref="EdnsZFlag"/>: the lowest Z bit, far from DO and CO.</summary>
    public const ushort ZFlagBit = 0x0001;
}

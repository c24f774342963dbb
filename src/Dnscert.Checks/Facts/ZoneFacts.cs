using System.Net;
using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Facts;

/// <summary>
/// What the engine learnt about a zone before any check runs: the delegation as the parent publishes it,
/// and each name server's answers. Checks read only this.
/// </summary>
public sealed class ZoneFacts(DomainName zone)
{
    public DomainName Zone { get; } = zone;

    /// <summary>When the facts were gathered: signature validity is judged against this, never the clock.</summary>
    public DateTimeOffset CheckedAt { get; init; }

    /// <summary>DS records the parent publishes (or that --ds gave), with the exchange that fetched them.</summary>
    public IReadOnlyList<Dns.Records.DsRecordData> ParentDs { get; init; } = [];

    public IReadOnlyList<Evidence> ParentDsEvidence { get; init; } = [];

    /// <summary>The DS query's outcome at every parent server address (empty when --ns or --ds replaced the parent).</summary>
    public IReadOnlyList<ParentDsResponse> ParentDsResponses { get; init; } = [];

    /// <summary>True when DS records were given by hand (--ds).</summary>
    public bool UndelegatedDs { get; init; }

    /// <summary>The zone that delegates <see cref="Zone"/>, when one was found.</summary>
    public DomainName? Parent { get; init; }

    /// <summary>True when the delegation was given by hand (--ns) instead of read from the parent.</summary>
    public bool Undelegated { get; init; }

    /// <summary>False when no parent delegates the zone (NXDOMAIN, or a name that is not a zone cut).</summary>
    public bool ChildFound { get; init; }

    /// <summary>Why no delegation was found, when <see cref="ChildFound"/> is false.</summary>
    public string? NotFoundReason { get; init; }

    /// <summary>The exchanges that found (or failed to find) the delegation.</summary>
    public IReadOnlyList<Evidence> DelegationEvidence { get; init; } = [];

    /// <summary>NS names in the parent's referral.</summary>
    public IReadOnlyList<DomainName> DelegationNs { get; init; } = [];

    /// <summary>Glue in the parent's referral, by NS name.</summary>
    public IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> Glue { get; init; } = new Dictionary<DomainName, IReadOnlyList<IPAddress>>();

    /// <summary>Size in octets of the smallest referral the parent sends without EDNS (0 when unknown).</summary>
    public int ReferralSize { get; init; }

    /// <summary>True when the parent's plain (no EDNS) referral came back truncated.</summary>
    public bool ReferralTruncated { get; init; }

    /// <summary>Addresses of each NS name as the child zone itself publishes them (in-bailiwick names only).</summary>
    public IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> ChildAddresses { get; init; } = new Dictionary<DomainName, IReadOnlyList<IPAddress>>();

    /// <summary>Addresses the zone publishes for each in-zone MX target (empty list: the target has none).</summary>
    public IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> MxTargetAddresses { get; init; } = new Dictionary<DomainName, IReadOnlyList<IPAddress>>();

    /// <summary>The mail domains of the well-formed SOA RNAMEs, resolved from the root (SYNTAX06); empty when not looked up.</summary>
    public IReadOnlyDictionary<DomainName, MailDomainFacts> RnameMailDomains { get; init; } = new Dictionary<DomainName, MailDomainFacts>();

    /// <summary>NS names that have no address at all (no glue, and resolution found none).</summary>
    public IReadOnlyList<DomainName> UnresolvedNs { get; init; } = [];

    public IReadOnlyList<ServerFacts> Servers { get; init; } = [];

    /// <summary>The SOA MNAME primaries the servers name, with their answers to the zone's SOA query (ZONE01).</summary>
    public IReadOnlyList<MnameFacts> Mnames { get; init; } = [];

    /// <summary>A queries for every name server name (DELEGATION05).</summary>
    public IReadOnlyList<NsNameAnswer> NsNameAnswers { get; init; } = [];

    /// <summary>CONNECTIVITY03/04: origin ASNs and prefix of every name server address; empty when ASN lookups are off.</summary>
    public IReadOnlyList<AsnLookup> AsnLookups { get; init; } = [];

    /// <summary>ZONE07: the A and AAAA lookups of each SOA MNAME, from the root, with any CNAME left in the answer.</summary>
    public IReadOnlyList<NameQueryAnswer> MnameAddressAnswers { get; init; } = [];

    /// <summary>ZONE08: a CNAME query for each MX exchange (asked of the zone's servers when in the zone, else from the root).</summary>
    public IReadOnlyList<NameQueryAnswer> MxCnameAnswers { get; init; } = [];

    /// <summary>Every parent-side server's answer about the zone (BASIC01); null for the root and undelegated tests.</summary>
    public Engine.ParentWalkResult? ParentWalk { get; init; }

    /// <summary>The PTR lookup of every name server address (delegation and child), resolved from the root.</summary>
    public IReadOnlyDictionary<IPAddress, Engine.NameLookup> ReverseLookups { get; init; } = new Dictionary<IPAddress, Engine.NameLookup>();

    /// <summary>The chain of trust from the root anchor down to the zone (DNSSEC19); null when the delegation was given by hand.</summary>
    public ChainOfTrustFacts? ChainOfTrust { get; init; }

    /// <summary>
    /// BASIC03: A of www.&lt;zone&gt; at every delegated server address, asked only when no delegated server answered
    /// the zone's SOA authoritatively (empty otherwise).
    /// </summary>
    public IReadOnlyList<ServerExchange> WwwAnswers { get; init; } = [];

    public IEnumerable<ServerFacts> DelegatedServers => Servers.Where(s => s.InDelegation);

    /// <summary>A name server's addresses as the parent publishes them: glue when it has some, else what resolution found.</summary>
    public IReadOnlyList<IPAddress> DelegationAddresses(DomainName name) =>
        Glue.TryGetValue(name, out var glue) && glue.Count > 0
            ? glue
            : [.. Servers.Where(s => s.InDelegation && s.Server.Name == name).Select(s => s.Server.Address).Distinct()];

    /// <summary>A name server's addresses as the child publishes them: its own records for in-zone names, else resolution.</summary>
    public IReadOnlyList<IPAddress> ChildAddressesOf(DomainName name) =>
        name.IsSubdomainOf(Zone) && ChildAddresses.TryGetValue(name, out var own)
            ? own
            : [.. Servers.Where(s => s.Server.Name == name).Select(s => s.Server.Address).Distinct()];

    /// <summary>The NS set the authoritative child servers publish (union).</summary>
    public IReadOnlyList<DomainName> ChildNs =>
        [.. Servers.Where(s => s.AuthoritativeForZone).SelectMany(s => s.NsNames).Distinct().Order()];
}

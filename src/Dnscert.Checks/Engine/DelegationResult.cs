using System.Net;
using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>What walking down from the root found about a zone's delegation.</summary>
public sealed record DelegationResult(
    bool Found,
    string? Reason,
    DomainName? Parent,
    IReadOnlyList<IPAddress> ParentServers,
    IReadOnlyList<DomainName> NameServers,
    IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> Glue,
    IReadOnlyList<Evidence> Evidence);

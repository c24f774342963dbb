using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION01: at least two name servers at the parent and at the child (RFC 1034 §4.1, RFC 2182).</summary>
public sealed class NameServerCountCheck : CheckBase
{
    public const int Minimum = 2;

    public static readonly MessageTag EnoughDel = new("ENOUGH_NS_DEL", Severity.Info, null, "The parent lists {count} name servers: {ns_list}.");
    public static readonly MessageTag NotEnoughDel = new("NOT_ENOUGH_NS_DEL", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "The parent lists only {count} name server(s): {ns_list}.", "Delegate to at least two name servers on different networks (RFC 2182).");
    public static readonly MessageTag EnoughChild = new("ENOUGH_NS_CHILD", Severity.Info, null, "The zone lists {count} name servers: {ns_list}.");
    public static readonly MessageTag NotEnoughChild = new("NOT_ENOUGH_NS_CHILD", Severity.Warning, ThreatTypes.SinglePointOfFailure,
        "The zone lists only {count} name server(s): {ns_list}.", "Publish at least two NS records in the zone.");

    public static readonly MessageTag EnoughIpv4Del = Family("ENOUGH_IPV4_NS_DEL", Severity.Info, "The parent lists {count} name servers with IPv4 addresses: {ns_list}.");
    public static readonly MessageTag NotEnoughIpv4Del = Family("NOT_ENOUGH_IPV4_NS_DEL", Severity.Warning, "The parent lists only {count} name server with an IPv4 address: {ns_list}.");
    public static readonly MessageTag NoIpv4Del = Family("NO_IPV4_NS_DEL", Severity.Notice, "The parent lists no name server with an IPv4 address.");
    public static readonly MessageTag EnoughIpv6Del = Family("ENOUGH_IPV6_NS_DEL", Severity.Info, "The parent lists {count} name servers with IPv6 addresses: {ns_list}.");
    public static readonly MessageTag NotEnoughIpv6Del = Family("NOT_ENOUGH_IPV6_NS_DEL", Severity.Warning, "The parent lists only {count} name server with an IPv6 address: {ns_list}.");
    public static readonly MessageTag NoIpv6Del = Family("NO_IPV6_NS_DEL", Severity.Notice, "The parent lists no name server with an IPv6 address.");
    public static readonly MessageTag EnoughIpv4Child = Family("ENOUGH_IPV4_NS_CHILD", Severity.Info, "The zone lists {count} name servers with IPv4 addresses: {ns_list}.");
    public static readonly MessageTag NotEnoughIpv4Child = Family("NOT_ENOUGH_IPV4_NS_CHILD", Severity.Warning, "The zone lists only {count} name server with an IPv4 address: {ns_list}.");
    public static readonly MessageTag NoIpv4Child = Family("NO_IPV4_NS_CHILD", Severity.Notice, "The zone lists no name server with an IPv4 address.");
    public static readonly MessageTag EnoughIpv6Child = Family("ENOUGH_IPV6_NS_CHILD", Severity.Info, "The zone lists {count} name servers with IPv6 addresses: {ns_list}.");
    public static readonly MessageTag NotEnoughIpv6Child = Family("NOT_ENOUGH_IPV6_NS_CHILD", Severity.Warning, "The zone lists only {count} name server with an IPv6 address: {ns_list}.");
    public static readonly MessageTag NoIpv6Child = Family("NO_IPV6_NS_CHILD", Severity.Notice, "The zone lists no name server with an IPv6 address.");

    public override string Id => "DELEGATION01";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } =
    [
        EnoughDel, NotEnoughDel, EnoughChild, NotEnoughChild,
        EnoughIpv4Del, NotEnoughIpv4Del, NoIpv4Del, EnoughIpv6Del, NotEnoughIpv6Del, NoIpv6Del,
        EnoughIpv4Child, NotEnoughIpv4Child, NoIpv4Child, EnoughIpv6Child, NotEnoughIpv6Child, NoIpv6Child,
    ];

    private static MessageTag Family(string name, Severity severity, string template) =>
        new(name, severity, severity >= Severity.Notice ? Core.Catalog.ThreatTypes.SinglePointOfFailure : null, template);

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound)
        {
            yield break;
        }

        var del = facts.DelegationNs;
        yield return Emit(del.Count >= Minimum ? EnoughDel : NotEnoughDel, facts.DelegationEvidence, ("count", del.Count), ("ns_list", string.Join(";", del)));
        foreach (var m in ByFamily(facts, del, delegation: true))
        {
            yield return m;
        }

        var child = facts.ChildNs;
        if (child.Count > 0)
        {
            yield return Emit(child.Count >= Minimum ? EnoughChild : NotEnoughChild,
                facts.Servers.Where(s => s.NsNames.Count > 0).Take(1).Select(s => s.EvidenceOf(s.NsUdp)), ("count", child.Count), ("ns_list", string.Join(";", child)));
            foreach (var m in ByFamily(facts, child, delegation: false))
            {
                yield return m;
            }
        }
    }

    private IEnumerable<CheckMessage> ByFamily(ZoneFacts facts, IReadOnlyList<Dns.DomainName> names, bool delegation)
    {
        foreach (var family in new[] { System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.AddressFamily.InterNetworkV6 })
        {
            var withAddress = names.Where(n => (delegation ? facts.DelegationAddresses(n) : facts.ChildAddressesOf(n)).Any(a => a.AddressFamily == family)).ToList();
            var v4 = family == System.Net.Sockets.AddressFamily.InterNetwork;
            var (enough, notEnough, none) = (delegation, v4) switch
            {
                (true, true) => (EnoughIpv4Del, NotEnoughIpv4Del, NoIpv4Del),
                (true, false) => (EnoughIpv6Del, NotEnoughIpv6Del, NoIpv6Del),
                (false, true) => (EnoughIpv4Child, NotEnoughIpv4Child, NoIpv4Child),
                _ => (EnoughIpv6Child, NotEnoughIpv6Child, NoIpv6Child),
            };
            var tag = withAddress.Count >= Minimum ? enough : withAddress.Count == 1 ? notEnough : none;
            yield return tag == none
                ? Emit(tag, facts.DelegationEvidence)
                : Emit(tag, tag.Severity >= Severity.Warning ? facts.DelegationEvidence : null, ("count", withAddress.Count), ("ns_list", string.Join(";", withAddress)));
        }
    }
}

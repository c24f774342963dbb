using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION02: different name server names must not share one address (that is one server, not two).</summary>
public sealed class DistinctAddressCheck : CheckBase
{
    public static readonly MessageTag Distinct = new("DEL_DISTINCT_NS_IP", Severity.Info, null, "Every delegated name server has its own address.");
    public static readonly MessageTag SameIp = new("DEL_NS_SAME_IP", Severity.Error, ThreatTypes.SinglePointOfFailure,
        "Name servers {ns_list} share the address {address}.", "Two names on one address are one server: add a really separate one.");

    public static readonly MessageTag ChildDistinct = new("CHILD_DISTINCT_NS_IP", Severity.Info, null, "Every name server the zone lists has its own address.");
    public static readonly MessageTag ChildSameIp = new("CHILD_NS_SAME_IP", Severity.Error, ThreatTypes.SinglePointOfFailure,
        "The zone's name servers {ns_list} share the address {address}.", "Two names on one address are one server: add a really separate one.");

    public override string Id => "DELEGATION02";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Distinct, SameIp, ChildDistinct, ChildSameIp];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound)
        {
            yield break;
        }

        var shared = facts.DelegatedServers.GroupBy(s => s.Server.Address).Where(g => g.Select(s => s.Server.Name).Distinct().Count() > 1).ToList();
        foreach (var g in shared)
        {
            yield return Emit(SameIp, facts.DelegationEvidence, ("ns_list", string.Join(";", g.Select(s => s.Server.Name))), ("address", g.Key));
        }

        if (shared.Count == 0)
        {
            yield return Emit(Distinct, null);
        }

        var childNames = facts.ChildNs;
        if (childNames.Count == 0)
        {
            yield break;
        }

        var childShared = childNames.SelectMany(n => facts.ChildAddressesOf(n).Select(a => (Name: n, Address: a)))
            .GroupBy(p => p.Address).Where(g => g.Select(p => p.Name).Distinct().Count() > 1).ToList();
        var childEvidence = facts.Servers.Where(s => s.NsNames.Count > 0).Take(1).Select(s => s.EvidenceOf(s.NsUdp)).ToList();
        foreach (var g in childShared)
        {
            yield return Emit(ChildSameIp, childEvidence, ("ns_list", string.Join(";", g.Select(p => p.Name).Distinct())), ("address", g.Key));
        }

        if (childShared.Count == 0)
        {
            yield return Emit(ChildDistinct, null);
        }
    }
}

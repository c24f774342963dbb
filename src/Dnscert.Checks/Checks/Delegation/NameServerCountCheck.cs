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

    public override string Id => "DELEGATION01";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [EnoughDel, NotEnoughDel, EnoughChild, NotEnoughChild];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound)
        {
            yield break;
        }

        var del = facts.DelegationNs;
        yield return Emit(del.Count >= Minimum ? EnoughDel : NotEnoughDel, facts.DelegationEvidence, ("count", del.Count), ("ns_list", string.Join(";", del)));
        var child = facts.ChildNs;
        if (child.Count > 0)
        {
            yield return Emit(child.Count >= Minimum ? EnoughChild : NotEnoughChild,
                facts.Servers.Where(s => s.NsNames.Count > 0).Take(1).Select(s => s.EvidenceOf(s.NsUdp)), ("count", child.Count), ("ns_list", string.Join(";", child)));
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION07: does the parent's NS set equal the child's? A difference is also how a hijacked delegation first shows.</summary>
public sealed class NameServerNamesMatchCheck : CheckBase
{
    public static readonly MessageTag NamesMatch = new("NAMES_MATCH", Severity.Info, null, "Parent and child list the same name servers: {ns_list}.");
    public static readonly MessageTag ExtraParent = new("EXTRA_NAME_PARENT", Severity.Notice, ThreatTypes.InconsistentZone, "The parent lists name servers the child does not: {ns_list}.");
    public static readonly MessageTag ExtraChild = new("EXTRA_NAME_CHILD", Severity.Notice, ThreatTypes.InconsistentZone, "The child lists name servers the parent does not: {ns_list}.");
    public static readonly MessageTag TotalMismatch = new("TOTAL_NAME_MISMATCH", Severity.Warning, ThreatTypes.InconsistentZone,
        "Parent ({parent}) and child ({child}) have no name server in common.", "A delegation that shares nothing with the zone can mean a hijack: confirm it with the registrant.");

    public override string Id => "DELEGATION07";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NamesMatch, ExtraParent, ExtraChild, TotalMismatch];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var child = facts.ChildNs;
        if (!facts.ChildFound || child.Count == 0)
        {
            yield break;
        }

        var parent = facts.DelegationNs;
        var onlyParent = parent.Except(child).ToList();
        var onlyChild = child.Except(parent).ToList();
        if (onlyParent.Count == 0 && onlyChild.Count == 0)
        {
            yield return Emit(NamesMatch, null, ("ns_list", string.Join(";", parent.Order())));
            yield break;
        }

        var evidence = facts.DelegationEvidence.Concat(facts.Servers.Where(s => s.NsNames.Count > 0).Take(1).Select(s => s.EvidenceOf(s.NsUdp))).ToList();
        if (onlyParent.Count > 0)
        {
            yield return Emit(ExtraParent, evidence, ("ns_list", string.Join(";", onlyParent)));
        }

        if (onlyChild.Count > 0)
        {
            yield return Emit(ExtraChild, evidence, ("ns_list", string.Join(";", onlyChild)));
        }

        if (!parent.Intersect(child).Any())
        {
            yield return Emit(TotalMismatch, evidence, ("parent", string.Join(";", parent)), ("child", string.Join(";", child)));
        }
    }
}

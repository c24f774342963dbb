using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY05: do the parent's glue addresses equal the addresses the child publishes for its in-zone name servers?</summary>
public sealed class GlueConsistencyCheck : CheckBase
{
    public static readonly MessageTag AddressesMatch = new("ADDRESSES_MATCH", Severity.Info, null, "Glue and the child's addresses of the name servers match.");
    public static readonly MessageTag InBailiwickMismatch = new("IN_BAILIWICK_ADDR_MISMATCH", Severity.Error, ThreatTypes.InconsistentZone,
        "The parent's glue for {nsname} ({parent_addresses}) differs from the child's addresses ({child_addresses}).",
        "Update the glue at the registry so it equals the addresses in the zone.");
    public static readonly MessageTag ExtraAddressChild = new("EXTRA_ADDRESS_CHILD", Severity.Notice, ThreatTypes.InconsistentZone,
        "The child publishes addresses for {nsname} that the parent's glue lacks: {addresses}.");

    public override string Id => "CONSISTENCY05";

    public override string Module => "Consistency";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AddressesMatch, InBailiwickMismatch, ExtraAddressChild];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound || !facts.Servers.Any(s => s.AuthoritativeForZone))
        {
            yield break;
        }

        var mismatch = false;
        foreach (var name in facts.DelegationNs.Where(n => n.IsSubdomainOf(facts.Zone)))
        {
            if (!facts.ChildAddresses.TryGetValue(name, out var c))
            {
                // No server answered for this name authoritatively: nothing to compare, which is not a mismatch.
                continue;
            }

            var glue = facts.Glue.TryGetValue(name, out var g) ? g.Select(a => a.ToString()).ToHashSet() : [];
            var child = c.Select(a => a.ToString()).ToHashSet();

            // Consistency05: glue the child does not have is a mismatch; child addresses without glue are extra.
            var onlyGlue = glue.Except(child).Order().ToList();
            var onlyChild = child.Except(glue).Order().ToList();
            if (onlyGlue.Count > 0)
            {
                mismatch = true;
                yield return Emit(InBailiwickMismatch, facts.DelegationEvidence, ("nsname", name),
                    ("parent_addresses", string.Join(",", glue.Order())), ("child_addresses", child.Count == 0 ? "none" : string.Join(",", child.Order())));
            }

            if (onlyChild.Count > 0)
            {
                mismatch = true;
                yield return Emit(ExtraAddressChild, facts.DelegationEvidence, ("nsname", name), ("addresses", string.Join(",", onlyChild)));
            }
        }

        if (!mismatch)
        {
            yield return Emit(AddressesMatch, null);
        }
    }
}

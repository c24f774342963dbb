using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER06: every name server name of the delegation and of the zone's own NS set must resolve to an address,
/// or resolvers waste time on it and the zone has fewer servers than it seems. A name in the child's NS set is
/// resolved when it was probed (it had an address) or the zone itself gives it one.
/// </summary>
public sealed class NsNameResolutionCheck : CheckBase
{
    public static readonly MessageTag CanBeResolved = new("CAN_BE_RESOLVED", Severity.Info, null,
        "Every name server name of {domain} resolves to an address.");
    public static readonly MessageTag CanNotBeResolved = new("CAN_NOT_BE_RESOLVED", Severity.Warning, ThreatTypes.DelegationMisconfigured,
        "These name server names of {domain} resolve to no address: {nsname_list}.",
        "Give each name server name an A or AAAA record, or remove it from the NS set and the delegation.");
    public static readonly MessageTag NoResolution = new("NO_RESOLUTION", Severity.Warning, ThreatTypes.DelegationMisconfigured,
        "No name server name of {domain} resolves to an address.",
        "Give the name servers A or AAAA records (and glue for names inside the zone).");

    public override string Id => "NAMESERVER06";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [CanBeResolved, CanNotBeResolved, NoResolution];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var probed = facts.Servers.Select(s => s.Server.Name).ToHashSet();
        var childOnly = facts.Servers.SelectMany(s => s.NsNames).Distinct().Where(n => !facts.DelegationNs.Contains(n));
        var unresolved = facts.UnresolvedNs
            .Concat(childOnly.Where(n => !probed.Contains(n) && facts.ChildAddressesOf(n).Count == 0))
            .Distinct().ToList();
        var all = facts.DelegationNs.Concat(facts.Servers.SelectMany(s => s.NsNames)).Distinct().ToList();
        if (all.Count == 0)
        {
            yield break;
        }

        // The referral (or, without one, each server's NS answer) is what names the unresolvable servers.
        IEnumerable<Evidence> Evidence() => facts.DelegationEvidence.Count > 0
            ? facts.DelegationEvidence
            : facts.Servers.Where(s => s.NsNames.Count > 0).Select(s => s.EvidenceOf(s.NsUdp));

        if (unresolved.Count == 0)
        {
            yield return Emit(CanBeResolved, null, ("domain", facts.Zone));
        }
        else if (unresolved.Count >= all.Count)
        {
            yield return Emit(NoResolution, Evidence(), ("domain", facts.Zone));
        }
        else
        {
            yield return Emit(CanNotBeResolved, Evidence(), ("domain", facts.Zone), ("nsname_list", string.Join(";", unresolved.Select(n => n.ToString()))));
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Consistency;

/// <summary>CONSISTENCY04: do all authoritative servers publish the same NS set?</summary>
public sealed class NsSetConsistencyCheck : CheckBase
{
    public static readonly MessageTag OneNsSet = new("ONE_NS_SET", Severity.Info, null, "All servers publish the NS set {ns_list}.");
    public static readonly MessageTag MultipleNsSet = new("MULTIPLE_NS_SET", Severity.Warning, ThreatTypes.InconsistentZone, "Servers publish {count} different NS sets: {sets}.");

    public override string Id => "CONSISTENCY04";

    public override string Module => "Consistency";

    public override IReadOnlyList<MessageTag> Tags { get; } = [OneNsSet, MultipleNsSet];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var sets = facts.Servers.Where(s => s.NsNames.Count > 0)
            .GroupBy(s => string.Join(";", s.NsNames.Order().Select(n => n.ToString())), StringComparer.OrdinalIgnoreCase).ToList();
        if (sets.Count == 1)
        {
            yield return Emit(OneNsSet, null, ("ns_list", sets[0].Key));
        }
        else if (sets.Count > 1)
        {
            yield return Emit(MultipleNsSet, sets.SelectMany(g => g.Select(s => s.EvidenceOf(s.NsUdp))), ("count", sets.Count),
                ("sets", string.Join(" | ", sets.Select(g => $"{g.Key} from {string.Join(",", g.Select(s => s.Server))}"))));
        }
    }
}

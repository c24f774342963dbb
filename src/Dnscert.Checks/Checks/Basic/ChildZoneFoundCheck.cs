using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Basic;

/// <summary>BASIC01: is the zone delegated from a parent at all (walking down from the root hints)?</summary>
public sealed class ChildZoneFoundCheck : CheckBase
{
    public static readonly MessageTag ChildFound = new("B01_CHILD_FOUND", Severity.Info, null, "The zone {domain} is delegated from {parent}.");
    public static readonly MessageTag ParentFound = new("B01_PARENT_FOUND", Severity.Info, null, "The parent zone of {domain} is {parent}.");
    public static readonly MessageTag ParentDisregarded = new("B01_PARENT_DISREGARDED", Severity.Info, null, "The delegation of {domain} was given by hand (undelegated test): the parent was not asked.");
    public static readonly MessageTag RootHasNoParent = new("B01_ROOT_HAS_NO_PARENT", Severity.Info, null, "The root zone has no parent to delegate it.");
    public static readonly MessageTag NoChild = new("B01_NO_CHILD", Severity.Error, ThreatTypes.DelegationMisconfigured,
        "The zone {domain} is not delegated: {reason}.", "Ask the parent's registry to publish the delegation, or check the zone name.");

    public override string Id => "BASIC01";

    public override string Module => "Basic";

    public override IReadOnlyList<MessageTag> Tags { get; } = [ChildFound, ParentFound, ParentDisregarded, RootHasNoParent, NoChild];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Undelegated)
        {
            yield return Emit(ParentDisregarded, null, ("domain", facts.Zone));
            yield return Emit(ChildFound, null, ("domain", facts.Zone), ("parent", "(given by hand)"));
            yield break;
        }

        if (facts.Zone.IsRoot)
        {
            yield return Emit(RootHasNoParent, null);
            if (facts.ChildFound)
            {
                yield return Emit(ChildFound, null, ("domain", facts.Zone), ("parent", "(none)"));
            }

            yield break;
        }

        if (facts.Parent is { } parent)
        {
            yield return Emit(ParentFound, null, ("domain", facts.Zone), ("parent", parent));
        }

        if (!facts.ChildFound)
        {
            yield return Emit(NoChild, facts.DelegationEvidence, ("domain", facts.Zone), ("reason", facts.NotFoundReason ?? "unknown"));
            yield break;
        }

        yield return Emit(ChildFound, null, ("domain", facts.Zone), ("parent", facts.Parent!));
    }
}

using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Basic;

/// <summary>
/// BASIC01: which zone is the parent, and is the child delegated from it — judged from every parent-side server,
/// so servers that disagree (delegation on one, NXDOMAIN, CNAME, DNAME or NODATA on another) are reported.
/// </summary>
public sealed class ChildZoneFoundCheck : CheckBase
{
    public static readonly MessageTag ChildFound = new("B01_CHILD_FOUND", Severity.Info, null, "The zone {domain} exists.");
    public static readonly MessageTag ChildIsAlias = new("B01_CHILD_IS_ALIAS", Severity.Notice, ThreatTypes.DelegationMisconfigured,
        "{domain_child} is not a zone but an alias (DNAME) for {domain_target}, say servers {ns_ip_list}.", "Check {domain_target} instead.");
    public static readonly MessageTag ChildNotExist = new("B01_CHILD_NOT_EXIST", Severity.Info, null, "{domain} is not delegated (this is an undelegated test).");
    public static readonly MessageTag InconsistentAlias = new("B01_INCONSISTENT_ALIAS", Severity.Error, ThreatTypes.InconsistentZone,
        "The parent's servers give different alias (DNAME) targets for {domain}.", "Make every server of the parent zone serve the same data.");
    public static readonly MessageTag InconsistentDelegation = new("B01_INCONSISTENT_DELEGATION", Severity.Error, ThreatTypes.InconsistentZone,
        "The servers of the parent zone {domain_parent} disagree about {domain_child}: these do not delegate it: {ns_ip_list}.",
        "Some resolvers will find the zone and others will not; make every server of the parent serve the same delegation.");
    public static readonly MessageTag NoChild = new("B01_NO_CHILD", Severity.Error, ThreatTypes.DelegationMisconfigured,
        "{domain_child} is not delegated, so it is not a zone; {domain_super} may be the zone to check.", "Ask the parent's registry to publish the delegation, or check the zone name.");
    public static readonly MessageTag ParentFound = new("B01_PARENT_FOUND", Severity.Info, null, "The parent zone is {domain}, say servers {ns_ip_list}.");
    public static readonly MessageTag ParentNotFound = new("B01_PARENT_NOT_FOUND", Severity.Warning, ThreatTypes.DelegationMisconfigured,
        "No parent zone could be found.", "Check the name, and that the servers above it answer.");
    public static readonly MessageTag ParentUndetermined = new("B01_PARENT_UNDETERMINED", Severity.Warning, ThreatTypes.InconsistentZone,
        "Servers disagree about which zone is the parent: {ns_ip_list}.", "A zone on the path is delegated inconsistently; check the zones above.");
    public static readonly MessageTag ServerZoneError = new("B01_SERVER_ZONE_ERROR", Severity.Debug, null, "Unexpected answer to {query_name} {rrtype} from {ns_ip}.");
    public static readonly MessageTag ParentDisregarded = new("B01_PARENT_DISREGARDED", Severity.Info, null, "The delegation of {domain} was given by hand (undelegated test): the parent was not asked.");
    public static readonly MessageTag RootHasNoParent = new("B01_ROOT_HAS_NO_PARENT", Severity.Info, null, "The root zone has no parent to delegate it.");

    public override string Id => "BASIC01";

    public override string Module => "Basic";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [ChildFound, ChildIsAlias, ChildNotExist, InconsistentAlias, InconsistentDelegation, NoChild, ParentFound, ParentNotFound, ParentUndetermined, ServerZoneError, ParentDisregarded, RootHasNoParent];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Undelegated)
        {
            yield return Emit(ParentDisregarded, null, ("domain", facts.Zone));
            yield return Emit(ChildFound, null, ("domain", facts.Zone));
            yield break;
        }

        if (facts.Zone.IsRoot)
        {
            yield return Emit(RootHasNoParent, null);
            yield return Emit(ChildFound, null, ("domain", facts.Zone));
            yield break;
        }

        if (facts.ParentWalk is not { } walk)
        {
            yield break;
        }

        foreach (var error in walk.Errors)
        {
            yield return Emit(ServerZoneError, null, ("query_name", error.QueryName), ("rrtype", Dns.DnsMnemonics.ToText(error.Type)), ("ns_ip", error.Server));
        }

        var answers = walk.Answers;
        foreach (var parent in answers.GroupBy(a => a.ParentZone).OrderBy(g => g.Key))
        {
            yield return Emit(ParentFound, null, ("domain", parent.Key), ("ns_ip_list", Servers(parent)));
        }

        if (answers.Select(a => a.ParentZone).Distinct().Count() > 1)
        {
            yield return Emit(ParentUndetermined, facts.DelegationEvidence, ("ns_ip_list", Servers(answers)));
        }

        if (answers.Count == 0)
        {
            yield return Emit(ParentNotFound, facts.DelegationEvidence);
        }

        var found = answers.Where(a => a.Answer is ParentAnswer.Delegation or ParentAnswer.AuthoritativeSoa).ToList();
        if (found.Count > 0)
        {
            yield return Emit(ChildFound, null, ("domain", facts.Zone));
            var others = answers.Where(a => a.Answer is not (ParentAnswer.Delegation or ParentAnswer.AuthoritativeSoa)).ToList();
            if (others.Count > 0)
            {
                yield return Emit(InconsistentDelegation, facts.DelegationEvidence,
                    ("domain_child", facts.Zone), ("domain_parent", found[0].ParentZone), ("ns_ip_list", Servers(others)));
            }
        }
        else
        {
            yield return Emit(NoChild, facts.DelegationEvidence, ("domain_child", facts.Zone), ("domain_super", facts.Zone.Parent));
        }

        var aliases = answers.Where(a => a.Answer == ParentAnswer.Dname).ToList();
        foreach (var target in aliases.GroupBy(a => a.AliasTarget!.Value).OrderBy(g => g.Key))
        {
            yield return Emit(ChildIsAlias, null, ("domain_child", facts.Zone), ("domain_target", target.Key), ("ns_ip_list", Servers(target)));
        }

        if (aliases.Select(a => a.AliasTarget).Distinct().Count() > 1)
        {
            yield return Emit(InconsistentAlias, facts.DelegationEvidence, ("domain", facts.Zone));
        }
    }

    private static string Servers(IEnumerable<ParentServerAnswer> answers) =>
        string.Join(";", answers.Select(a => a.Server.ToString()).Distinct().Order(StringComparer.Ordinal));
}

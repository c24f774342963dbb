using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION05: a name server's name must not be an alias (RFC 2181 §10.3); resolvers may refuse to follow it.</summary>
public sealed class NameServerNotCnameCheck : CheckBase
{
    public static readonly MessageTag NsIsCname = new("NS_IS_CNAME", Severity.Error, ThreatTypes.DelegationMisconfigured,
        "The name server name {nsname} is an alias (CNAME) for {target}.", "Use the canonical name of the server in the NS records (RFC 2181 §10.3).");

    public static readonly MessageTag NoNsCname = new("NO_NS_CNAME", Severity.Info, null, "No name server name is an alias (CNAME).");

    public override string Id => "DELEGATION05";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NsIsCname, NoNsCname];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.NsNameAnswers.Count == 0)
        {
            yield break;
        }

        var found = false;
        foreach (var byName in facts.NsNameAnswers.GroupBy(a => a.Name))
        {
            var aliased = byName.Where(a => a.Answer is { } m && MessageReading.NameTargets(m.Answers, RRType.CNAME, byName.Key).Count > 0).ToList();
            if (aliased.Count > 0)
            {
                found = true;
                var target = MessageReading.NameTargets(aliased[0].Answer!.Answers, RRType.CNAME, byName.Key)[0];
                yield return Emit(NsIsCname, aliased.SelectMany(a => a.Evidence), ("nsname", byName.Key), ("target", target));
            }
        }

        if (!found)
        {
            yield return Emit(NoNsCname);
        }
    }
}

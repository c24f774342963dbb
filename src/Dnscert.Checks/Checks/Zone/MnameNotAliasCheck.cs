using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE07: the SOA MNAME, like any name server name, should be the host's canonical name (RFC 1912 §2.4, RFC 2181
/// §10.3), and it needs an address: NOTIFY senders and dynamic-update clients look it up.
/// </summary>
public sealed class MnameNotAliasCheck : CheckBase
{
    public static readonly MessageTag IsCname = new("MNAME_IS_CNAME", Severity.Notice, ThreatTypes.ZoneContent,
        "The SOA MNAME {mname} is an alias (CNAME).", "Put the primary server's canonical host name in the SOA MNAME field.");

    public static readonly MessageTag IsNotCname = new("MNAME_IS_NOT_CNAME", Severity.Info, null, "The SOA MNAME {mname} is not an alias.");

    public static readonly MessageTag HasNoAddress = new("MNAME_HAS_NO_ADDRESS", Severity.Warning, ThreatTypes.ZoneContent,
        "The SOA MNAME {mname} has no A or AAAA record.", "Give the primary server's name an address, or name a server that has one in the SOA MNAME.");

    public override string Id => "ZONE07";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } = [IsCname, IsNotCname, HasNoAddress];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var byName in facts.MnameAddressAnswers.GroupBy(a => a.Name))
        {
            var answered = byName.Where(a => a.Answer is not null).ToList();
            if (answered.Count == 0)
            {
                continue; // nobody answered: ZONE01 reports an MNAME that does not resolve
            }

            var aliased = answered.Where(a => MessageReading.NameTargets(a.Answer!.Answers, RRType.CNAME, byName.Key).Count > 0).ToList();
            yield return aliased.Count > 0
                ? Emit(IsCname, aliased.SelectMany(a => a.Evidence), ("mname", byName.Key))
                : Emit(IsNotCname, null, ("mname", byName.Key));
            if (!answered.Any(a => MessageReading.Count(a.Answer!.Answers, a.Type) > 0))
            {
                yield return Emit(HasNoAddress, answered.SelectMany(a => a.Evidence), ("mname", byName.Key));
            }
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE08: an MX exchange must be a host name, not an alias (RFC 2181 §10.3, RFC 5321 §5.1): a sending server is
/// not obliged to follow the CNAME. Zonemaster reports it at INFO; dnscert at NOTICE, since mail may be lost.
/// </summary>
public sealed class MxNotAliasCheck : CheckBase
{
    public static readonly MessageTag IsCname = new("MX_RECORD_IS_CNAME", Severity.Notice, ThreatTypes.ZoneContent,
        "The mail exchange {mx} is an alias (CNAME) for {target}.", "Point the MX record at the mail server's canonical host name (RFC 2181 §10.3).");

    public static readonly MessageTag IsNotCname = new("MX_RECORD_IS_NOT_CNAME", Severity.Info, null, "The mail exchange {mx} is not an alias.");

    public override string Id => "ZONE08";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } = [IsCname, IsNotCname];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var answer in facts.MxCnameAnswers.Where(a => a.Answer is not null))
        {
            var targets = MessageReading.NameTargets(answer.Answer!.Answers, RRType.CNAME, answer.Name);
            yield return targets.Count > 0
                ? Emit(IsCname, answer.Evidence, ("mx", answer.Name), ("target", targets[0]))
                : Emit(IsNotCname, null, ("mx", answer.Name));
        }
    }
}

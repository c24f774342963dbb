using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Delegation;

/// <summary>DELEGATION04: is every delegated name server authoritative for the zone? One that is not is a lame delegation.</summary>
public sealed class AuthoritativeCheck : CheckBase
{
    public static readonly MessageTag AreAuthoritative = new("ARE_AUTHORITATIVE", Severity.Info, null, "All name servers that answer are authoritative for {domain}.");
    public static readonly MessageTag NotAuthoritative = new("IS_NOT_AUTHORITATIVE", Severity.Error, ThreatTypes.LameDelegation,
        "Name server {ns} answers but is not authoritative for {domain} ({answer}).", "Load the zone on this server, or remove it from the delegation and the zone's NS set.");

    public override string Id => "DELEGATION04";

    public override string Module => "Delegation";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AreAuthoritative, NotAuthoritative];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var lame = facts.DelegatedServers.Where(s => s.SoaAnswer is not null && !s.AuthoritativeForZone).ToList();
        foreach (var s in lame)
        {
            yield return Emit(NotAuthoritative, [s.EvidenceOf(s.SoaUdp)], ("ns", s.Server), ("domain", facts.Zone), ("answer", EvidenceBuilder.Describe(s.SoaUdp!)));
        }

        if (lame.Count == 0 && facts.DelegatedServers.Any(s => s.AuthoritativeForZone))
        {
            yield return Emit(AreAuthoritative, null, ("domain", facts.Zone));
        }
    }
}

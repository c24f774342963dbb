using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Basic;

/// <summary>BASIC02: does at least one delegated name server answer the zone's SOA authoritatively? If not, say why for each.</summary>
public sealed class WorkingNameServerCheck : CheckBase
{
    public static readonly MessageTag AuthResponse = new("B02_AUTH_RESPONSE_SOA", Severity.Info, null, "Name servers {ns_list} answer the SOA of {domain} authoritatively.");
    public static readonly MessageTag NoDelegation = new("B02_NO_DELEGATION", Severity.Critical, ThreatTypes.DelegationMisconfigured,
        "{domain} is not delegated, so it cannot be resolved.", "Have the parent publish the delegation, or test it undelegated with --ns.");
    public static readonly MessageTag NoWorkingNs = new("B02_NO_WORKING_NS", Severity.Critical, ThreatTypes.UnreachableNameServer,
        "No name server of {domain} works, so the zone cannot be resolved.", "Bring at least one delegated server up and make it serve the zone.");
    public static readonly MessageTag NoResponse = new("B02_NS_NO_RESPONSE", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an SOA query.");
    public static readonly MessageTag NotAuth = new("B02_NS_NOT_AUTH", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} does not answer the SOA of {domain} authoritatively.");
    public static readonly MessageTag Broken = new("B02_NS_BROKEN", Severity.Warning, ThreatTypes.ProtocolViolation, "Name server {ns} sends a broken answer to an SOA query.");
    public static readonly MessageTag UnexpectedRcode = new("B02_UNEXPECTED_RCODE", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers an SOA query with {rcode}.");
    public static readonly MessageTag NoIpAddress = new("B02_NS_NO_IP_ADDR", Severity.Warning, ThreatTypes.DelegationMisconfigured, "Name server {nsname} has no IP address.");

    public override string Id => "BASIC02";

    public override string Module => "Basic";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AuthResponse, NoDelegation, NoWorkingNs, NoResponse, NotAuth, Broken, UnexpectedRcode, NoIpAddress];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.ChildFound)
        {
            yield return Emit(NoDelegation, facts.DelegationEvidence, ("domain", facts.Zone));
            yield break;
        }

        var working = facts.DelegatedServers.Where(s => s.AuthoritativeForZone).ToList();
        if (working.Count > 0)
        {
            yield return Emit(AuthResponse, null, ("domain", facts.Zone), ("ns_list", string.Join(";", working.Select(s => s.Server))));
            yield break;
        }

        foreach (var name in facts.UnresolvedNs)
        {
            yield return Emit(NoIpAddress, facts.DelegationEvidence, ("nsname", name));
        }

        foreach (var s in facts.DelegatedServers)
        {
            var evidence = new[] { s.EvidenceOf(s.SoaUdp), s.EvidenceOf(s.SoaTcp) };
            yield return s.SoaUdp switch
            {
                ExchangeAnswered { Message: var m } when m.ResponseCode != DnsResponseCode.NoError =>
                    Emit(UnexpectedRcode, evidence, ("ns", s.Server), ("rcode", m.ResponseCode.ToString().ToUpperInvariant())),
                ExchangeAnswered => Emit(NotAuth, evidence, ("ns", s.Server), ("domain", facts.Zone)),
                ExchangeMalformed or ExchangeIdMismatch or ExchangeQuestionMismatch => Emit(Broken, evidence, ("ns", s.Server)),
                _ => Emit(NoResponse, evidence, ("ns", s.Server)),
            };
        }

        yield return Emit(NoWorkingNs, facts.DelegationEvidence, ("domain", facts.Zone));
    }
}

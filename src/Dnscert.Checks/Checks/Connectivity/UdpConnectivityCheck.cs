using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Connectivity;

/// <summary>CONNECTIVITY01: does every name server answer SOA and NS queries over UDP, authoritatively and well-formed?</summary>
public sealed class UdpConnectivityCheck : CheckBase
{
    public static readonly MessageTag NoResponseUdp = new("CN01_NO_RESPONSE_UDP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer over UDP.");
    public static readonly MessageTag NoResponseSoaUdp = new("CN01_NO_RESPONSE_SOA_QUERY_UDP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an SOA query over UDP.");
    public static readonly MessageTag UnexpectedRcodeSoa = new("CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers an SOA query over UDP with {rcode}.");
    public static readonly MessageTag UnexpectedRcodeNs = new("CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers an NS query over UDP with {rcode}.");
    public static readonly MessageTag NoResponseNsUdp = new("CN01_NO_RESPONSE_NS_QUERY_UDP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an NS query over UDP.");
    public static readonly MessageTag SoaNotAa = new("CN01_SOA_RECORD_NOT_AA_UDP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers the SOA over UDP without the AA flag.");
    public static readonly MessageTag Malformed = new("MALFORMED_ANSWER", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} sends a malformed answer: {reason}.", "Upgrade or replace the name server software; a malformed answer breaks resolvers.");
    public static readonly MessageTag IdMismatch = new("ANSWER_ID_MISMATCH", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers with message ID {received} instead of {expected}.", "Resolvers drop such answers; the server or a middlebox rewrites IDs.");

    public override string Id => "CONNECTIVITY01";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponseUdp, NoResponseSoaUdp, NoResponseNsUdp, UnexpectedRcodeSoa, UnexpectedRcodeNs, SoaNotAa, Malformed, IdMismatch];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var evidence = new[] { s.EvidenceOf(s.SoaUdp), s.EvidenceOf(s.NsUdp) };
            foreach (var outcome in new[] { s.SoaUdp, s.NsUdp })
            {
                if (outcome is ExchangeMalformed m)
                {
                    yield return Emit(Malformed, [s.EvidenceOf(outcome)], ("ns", s.Server), ("reason", m.Reason));
                    break;
                }

                if (outcome is ExchangeIdMismatch id)
                {
                    yield return Emit(IdMismatch, [s.EvidenceOf(outcome)], ("ns", s.Server), ("received", id.ReceivedId), ("expected", id.ExpectedId));
                    break;
                }
            }

            if (!s.AnswersUdp)
            {
                yield return Emit(NoResponseUdp, evidence, ("ns", s.Server));
                continue;
            }

            if (s.SoaUdp.Answered() is not { } soa)
            {
                yield return Emit(NoResponseSoaUdp, evidence, ("ns", s.Server));
            }
            else if (soa.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(UnexpectedRcodeSoa, evidence, ("ns", s.Server), ("rcode", soa.ResponseCode.ToString().ToUpperInvariant()));
            }
            else if (!soa.IsAuthoritative() && !soa.IsTruncated)
            {
                yield return Emit(SoaNotAa, evidence, ("ns", s.Server));
            }

            if (s.NsUdp.Answered() is null)
            {
                yield return Emit(NoResponseNsUdp, evidence, ("ns", s.Server));
            }
            else if (s.NsUdp.Answered() is { } ns && ns.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(UnexpectedRcodeNs, evidence, ("ns", s.Server), ("rcode", ns.ResponseCode.ToString().ToUpperInvariant()));
            }
        }
    }
}

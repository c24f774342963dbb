using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Connectivity;

/// <summary>CONNECTIVITY02: does every name server answer over TCP (RFC 7766 makes TCP mandatory)?</summary>
public sealed class TcpConnectivityCheck : CheckBase
{
    public static readonly MessageTag NoResponseTcp = new("CN02_NO_RESPONSE_TCP", Severity.Warning, ThreatTypes.UnreachableNameServer,
        "Name server {ns} does not answer over TCP.", "DNS over TCP is mandatory (RFC 7766); open TCP port 53 and answer on it.");
    public static readonly MessageTag NoResponseSoaTcp = new("CN02_NO_RESPONSE_SOA_QUERY_TCP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an SOA query over TCP.");

    public static readonly MessageTag NoResponseNsTcp = new("CN02_NO_RESPONSE_NS_QUERY_TCP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an NS query over TCP.");
    public static readonly MessageTag UnexpectedRcodeSoaTcp = new("CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers an SOA query over TCP with {rcode}.");
    public static readonly MessageTag UnexpectedRcodeNsTcp = new("CN02_UNEXPECTED_RCODE_NS_QUERY_TCP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers an NS query over TCP with {rcode}.");
    public static readonly MessageTag SoaNotAaTcp = new("CN02_SOA_RECORD_NOT_AA_TCP", Severity.Warning, ThreatTypes.LameDelegation, "Name server {ns} answers the SOA over TCP without the AA flag.");

    public override string Id => "CONNECTIVITY02";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponseTcp, NoResponseSoaTcp, NoResponseNsTcp, UnexpectedRcodeSoaTcp, UnexpectedRcodeNsTcp, SoaNotAaTcp];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var evidence = new[] { s.EvidenceOf(s.SoaTcp), s.EvidenceOf(s.NsTcp) };
            if (!s.AnswersTcp)
            {
                yield return Emit(NoResponseTcp, evidence, ("ns", s.Server));
                yield return Emit(NoResponseSoaTcp, evidence, ("ns", s.Server));
                continue;
            }

            if (s.SoaTcp.Answered() is not { } soa)
            {
                yield return Emit(NoResponseSoaTcp, evidence, ("ns", s.Server));
            }
            else if (soa.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(UnexpectedRcodeSoaTcp, evidence, ("ns", s.Server), ("rcode", soa.ResponseCode.ToString().ToUpperInvariant()));
            }
            else if (!soa.IsAuthoritative())
            {
                yield return Emit(SoaNotAaTcp, evidence, ("ns", s.Server));
            }

            if (s.NsTcp.Answered() is not { } ns)
            {
                yield return Emit(NoResponseNsTcp, evidence, ("ns", s.Server));
            }
            else if (ns.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(UnexpectedRcodeNsTcp, evidence, ("ns", s.Server), ("rcode", ns.ResponseCode.ToString().ToUpperInvariant()));
            }
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Connectivity;

/// <summary>CONNECTIVITY02: does every name server answer over TCP (RFC 7766 makes TCP mandatory)?</summary>
public sealed class TcpConnectivityCheck : CheckBase
{
    public static readonly MessageTag NoResponseTcp = new("CN02_NO_RESPONSE_TCP", Severity.Warning, ThreatTypes.UnreachableNameServer,
        "Name server {ns} does not answer over TCP.", "DNS over TCP is mandatory (RFC 7766); open TCP port 53 and answer on it.");
    public static readonly MessageTag NoResponseSoaTcp = new("CN02_NO_RESPONSE_SOA_QUERY_TCP", Severity.Warning, ThreatTypes.UnreachableNameServer, "Name server {ns} does not answer an SOA query over TCP.");

    public override string Id => "CONNECTIVITY02";

    public override string Module => "Connectivity";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponseTcp, NoResponseSoaTcp];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var evidence = new[] { s.EvidenceOf(s.SoaTcp), s.EvidenceOf(s.NsTcp) };
            if (!s.AnswersTcp)
            {
                yield return Emit(NoResponseTcp, evidence, ("ns", s.Server));
            }

            if (s.SoaTcp.Answered() is null)
            {
                yield return Emit(NoResponseSoaTcp, evidence, ("ns", s.Server));
            }
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER13: a truncated answer to an EDNS query still carries OPT (RFC 6891 §7), otherwise the client
/// cannot tell an EDNS-less server from a full buffer and may wrongly fall back to plain DNS. The probe asks
/// DNSKEY with DO=1 and a 512-byte buffer, which a signed zone rarely fits. As in NAMESERVER12, servers that
/// refuse EDNS are NAMESERVER02's finding and the other unexpected answers are N13_NS_ERROR.
/// </summary>
public sealed class EdnsTruncationCheck : CheckBase
{
    public static readonly MessageTag MissingOptInTruncated = new("MISSING_OPT_IN_TRUNCATED", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} sends a truncated answer to an EDNS query without an OPT record.",
        "Truncated answers to EDNS queries must keep the OPT record (RFC 6891 section 7); upgrade the server or fix middleboxes.");
    public static readonly MessageTag NsError = new("N13_NS_ERROR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} gives an unexpected answer ({answer}) to a DNSKEY query with DO set and a 512-byte buffer.",
        "The answer should be NOERROR with an OPT record of version 0, truncated or not.");

    public override string Id => "NAMESERVER13";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [MissingOptInTruncated, NsError];

    /// <summary>FORMERR without OPT to the plain EDNS(0) probe: NAMESERVER02 reports it, the EDNS checks skip it.</summary>
    internal static bool RefusesEdns(NameserverProbeResults probes) =>
        probes.Edns0.Answered() is { ResponseCode: DnsResponseCode.FormErr, HasEdns: false };

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.TruncatedDnskey.Answered() is not { } m || RefusesEdns(probes))
            {
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.TruncatedDnskey) };
            if (m.IsTruncated && !m.HasEdns)
            {
                yield return Emit(MissingOptInTruncated, evidence, ("ns", s.Server));
            }
            else if (!(m.ResponseCode == DnsResponseCode.NoError && m.HasEdns && m.Edns.Version == 0))
            {
                yield return Emit(NsError, evidence, ("ns", s.Server), ("answer", EvidenceBuilder.Describe(probes.TruncatedDnskey!)));
            }
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER10: a query with EDNS version 1 must get BADVERS with an OPT record of version 0 and no answer
/// (RFC 6891 §6.1.3), so that clients can fall back; silence or NOERROR makes version negotiation impossible.
/// Only servers that answer version 0 with NOERROR are judged (NAMESERVER02 covers the others).
/// </summary>
public sealed class EdnsVersionCheck : CheckBase
{
    public static readonly MessageTag NoResponseEdns1 = new("N10_NO_RESPONSE_EDNS1_QUERY", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS version 0 query but not the same query with EDNS version 1.",
        "A query with an unknown EDNS version must be answered with BADVERS (RFC 6891 section 6.1.3); check filters in front of the server.");
    public static readonly MessageTag UnexpectedRcode = new("N10_UNEXPECTED_RCODE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS version 1 query with {rcode} instead of BADVERS.",
        "Upgrade the server software: unknown EDNS versions must get BADVERS (RFC 6891 section 6.1.3).");
    public static readonly MessageTag EdnsResponseError = new("N10_EDNS_RESPONSE_ERROR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS version 1 query with BADVERS, but not with an OPT record of version 0 and an empty answer section.",
        "The BADVERS answer must carry the highest version the server supports (0) and no answer records.");

    public override string Id => "NAMESERVER10";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponseEdns1, UnexpectedRcode, EdnsResponseError];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.Edns0.Answered() is not { ResponseCode: DnsResponseCode.NoError } || probes.Edns1 is null)
            {
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.Edns1) };
            if (probes.Edns1.Answered() is not { } m)
            {
                yield return Emit(NoResponseEdns1, evidence, ("ns", s.Server));
            }
            else if (m.ResponseCode != DnsResponseCode.BadVers)
            {
                yield return Emit(UnexpectedRcode, evidence, ("ns", s.Server), ("rcode", RcodeName(m.ResponseCode)));
            }
            else if (!(m.HasEdns && m.Edns.Version == 0 && m.Answers.Length == 0))
            {
                yield return Emit(EdnsResponseError, evidence, ("ns", s.Server));
            }
        }
    }

    internal static string RcodeName(DnsResponseCode code) => code.ToString().ToUpperInvariant();
}

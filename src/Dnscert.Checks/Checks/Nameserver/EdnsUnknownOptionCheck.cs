using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER11: an EDNS option the server does not know must be ignored (RFC 6891 §6.1.2): the answer is the
/// one the query would get without it, and the option is not echoed. New options (cookies, padding, client
/// subnet) can only be deployed if servers do this. Only servers that answer a plain EDNS SOA query
/// authoritatively with OPT are judged.
/// </summary>
public sealed class EdnsUnknownOptionCheck : CheckBase
{
    public static readonly MessageTag NoResponse = new("N11_NO_RESPONSE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} does not answer an SOA query carrying an unknown EDNS option.",
        "Unknown EDNS options must be ignored (RFC 6891 section 6.1.2); check the server and any filter in front of it.");
    public static readonly MessageTag UnexpectedRcode = new("N11_UNEXPECTED_RCODE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an SOA query carrying an unknown EDNS option with {rcode}.",
        "Unknown EDNS options must be ignored (RFC 6891 section 6.1.2).");
    public static readonly MessageTag NoEdns = new("N11_NO_EDNS", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} drops the OPT record from its answer when the query carries an unknown EDNS option.",
        "Unknown EDNS options must be ignored (RFC 6891 section 6.1.2).");
    public static readonly MessageTag UnexpectedAnswerSection = new("N11_UNEXPECTED_ANSWER_SECTION", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} does not give the zone's SOA when the query carries an unknown EDNS option.",
        "Unknown EDNS options must be ignored (RFC 6891 section 6.1.2).");
    public static readonly MessageTag UnsetAa = new("N11_UNSET_AA", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers without the AA flag when the query carries an unknown EDNS option.",
        "Unknown EDNS options must be ignored (RFC 6891 section 6.1.2).");
    public static readonly MessageTag ReturnsUnknownOption = new("N11_RETURNS_UNKNOWN_OPTION_CODE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} echoes the unknown EDNS option {code} in its answer.",
        "An option the server does not understand must not appear in its answer (RFC 6891 section 6.1.2).");

    public override string Id => "NAMESERVER11";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponse, UnexpectedRcode, NoEdns, UnexpectedAnswerSection, UnsetAa, ReturnsUnknownOption];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.Edns0.Answered() is not { } baseline || !baseline.HasEdns || baseline.ResponseCode != DnsResponseCode.NoError
                || !baseline.IsAuthoritative() || MessageReading.Soa(baseline.Answers, facts.Zone) is null || probes.UnknownOption is null)
            {
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.UnknownOption) };
            if (probes.UnknownOption.Answered() is not { } m)
            {
                yield return Emit(NoResponse, evidence, ("ns", s.Server));
            }
            else if (m.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(UnexpectedRcode, evidence, ("ns", s.Server), ("rcode", EdnsVersionCheck.RcodeName(m.ResponseCode)));
            }
            else if (!m.HasEdns)
            {
                yield return Emit(NoEdns, evidence, ("ns", s.Server));
            }
            else if (MessageReading.Soa(m.Answers, facts.Zone) is null)
            {
                yield return Emit(UnexpectedAnswerSection, evidence, ("ns", s.Server));
            }
            else if (!m.IsAuthoritative())
            {
                yield return Emit(UnsetAa, evidence, ("ns", s.Server));
            }
            else if (m.Edns.TryGetOption((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, out _))
            {
                yield return Emit(ReturnsUnknownOption, evidence, ("ns", s.Server), ("code", NameserverProbeResults.UnknownOptionCode));
            }
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER14: NAMESERVER10 and 11 at once. An SOA query with EDNS version 1 and an unknown option must get
/// BADVERS, OPT version 0, no answer and no echo of the option (RFC 6891 §6.1.2, §6.1.3). As in NAMESERVER12,
/// servers that refuse EDNS are reported by NAMESERVER02 only, and other unexpected answers are N14_NS_ERROR.
/// </summary>
public sealed class EdnsVersionAndOptionCheck : CheckBase
{
    public static readonly MessageTag UnsupportedEdnsVersion = new("UNSUPPORTED_EDNS_VER", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS version 1 query with NOERROR and EDNS version {version}, a version it cannot implement.",
        "Unknown EDNS versions must be answered with BADVERS and OPT version 0 (RFC 6891 section 6.1.3).");
    public static readonly MessageTag UnknownOptionCode = new("UNKNOWN_OPTION_CODE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} echoes the unknown EDNS option {code} in a NOERROR answer to an EDNS version 1 query.",
        "An option the server does not understand must not appear in its answer (RFC 6891 section 6.1.2).");
    public static readonly MessageTag NsError = new("N14_NS_ERROR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} gives an unexpected answer ({answer}) to an EDNS version 1 SOA query with an unknown option.",
        "The answer should be BADVERS with OPT version 0, an empty answer section and no echo of the option.");

    public override string Id => "NAMESERVER14";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [UnsupportedEdnsVersion, UnknownOptionCode, NsError];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.Edns1UnknownOption.Answered() is not { } m || EdnsTruncationCheck.RefusesEdns(probes))
            {
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.Edns1UnknownOption) };
            var echoed = m.HasEdns && m.Edns.TryGetOption((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, out _);
            var badVersion = m.HasEdns && m.Edns.Version > 0;
            if (m.ResponseCode == DnsResponseCode.NoError && (badVersion || echoed))
            {
                if (badVersion)
                {
                    yield return Emit(UnsupportedEdnsVersion, evidence, ("ns", s.Server), ("version", m.Edns.Version));
                }

                if (echoed)
                {
                    yield return Emit(UnknownOptionCode, evidence, ("ns", s.Server), ("code", NameserverProbeResults.UnknownOptionCode));
                }
            }
            else if (!(m.ResponseCode == DnsResponseCode.BadVers && m.HasEdns && m.Edns.Version == 0 && !echoed && MessageReading.Soa(m.Answers, facts.Zone) is null))
            {
                yield return Emit(NsError, evidence, ("ns", s.Server), ("answer", EvidenceBuilder.Describe(probes.Edns1UnknownOption!)));
            }
        }
    }
}

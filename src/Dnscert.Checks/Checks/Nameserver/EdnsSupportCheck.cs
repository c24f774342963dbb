using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER02: a server either speaks EDNS(0) and answers with an OPT record of version 0 (RFC 6891 §6.1.1), or
/// answers FORMERR without OPT (§7). Anything else, and above all silence only when OPT is present (RFC 8906
/// §3.2.1), breaks resolvers. The probe uses a 512-byte buffer so size limits on the path cannot be mistaken for
/// missing EDNS.
/// </summary>
public sealed class EdnsSupportCheck : CheckBase
{
    public static readonly MessageTag NoEdnsSupport = new("NO_EDNS_SUPPORT", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} does not implement EDNS: it answers a query with an OPT record with FORMERR.",
        "Upgrade the name server software; every current implementation supports EDNS(0), which DNSSEC needs.");
    public static readonly MessageTag BreaksOnEdns = new("BREAKS_ON_EDNS", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers a plain query but not the same query with an OPT record.",
        "Check firewalls and load balancers in front of the server: they must pass EDNS queries (RFC 8906).");
    public static readonly MessageTag EdnsResponseWithoutEdns = new("EDNS_RESPONSE_WITHOUT_EDNS", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS query without an OPT record instead of FORMERR.",
        "A server that answers EDNS queries must include OPT (RFC 6891 section 6.1.1); check middleboxes that strip it.");
    public static readonly MessageTag EdnsVersionError = new("EDNS_VERSION_ERROR", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an EDNS version 0 query with EDNS version {version}.",
        "Only EDNS version 0 is defined; upgrade or fix the server software.");
    public static readonly MessageTag NsError = new("NS_ERROR", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} gives an unexpected answer ({answer}) to an SOA query with EDNS.",
        "An EDNS(0) SOA query for the zone should give NOERROR, the SOA and an OPT record of version 0.");

    public override string Id => "NAMESERVER02";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoEdnsSupport, BreaksOnEdns, EdnsResponseWithoutEdns, EdnsVersionError, NsError];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.Edns0 is null)
            {
                continue;
            }

            if (probes.Edns0.Answered() is not { } m)
            {
                // No answer at all is CONNECTIVITY01's finding; only an answer without OPT shows EDNS is the trouble.
                if (probes.NoEdns.Answered() is not null)
                {
                    yield return Emit(BreaksOnEdns, [s.EvidenceOf(probes.Edns0), s.EvidenceOf(probes.NoEdns)], ("ns", s.Server));
                }

                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.Edns0) };
            if (m.ResponseCode == DnsResponseCode.FormErr && !m.HasEdns)
            {
                yield return Emit(NoEdnsSupport, evidence, ("ns", s.Server));
            }
            else if (m.ResponseCode == DnsResponseCode.NoError && m.HasEdns && m.Edns.Version == 0 && MessageReading.Soa(m.Answers, facts.Zone) is not null)
            {
                continue;
            }
            else if (m.ResponseCode == DnsResponseCode.NoError && !m.HasEdns)
            {
                yield return Emit(EdnsResponseWithoutEdns, evidence, ("ns", s.Server));
            }
            else if (m.ResponseCode == DnsResponseCode.NoError && m.Edns.Version != 0)
            {
                yield return Emit(EdnsVersionError, evidence, ("ns", s.Server), ("version", m.Edns.Version));
            }
            else
            {
                yield return Emit(NsError, evidence, ("ns", s.Server), ("answer", EvidenceBuilder.Describe(probes.Edns0)));
            }
        }
    }
}

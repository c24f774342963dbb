using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Nameserver;

/// <summary>
/// NAMESERVER05: RFC 4074 lists how old servers mishandle AAAA queries (silence, NXDOMAIN or errors for a name
/// that exists, A-sized RDATA). IPv6 clients then wait or fail. Only servers that answer the apex A query with
/// NOERROR are asked to be right about AAAA.
/// </summary>
public sealed class AaaaQueryCheck : CheckBase
{
    public static readonly MessageTag AUnexpectedRcode = new("A_UNEXPECTED_RCODE", Severity.Warning, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an A query for the zone apex {domain} with {rcode}.",
        "An authoritative server should answer NOERROR for its own zone apex.");
    public static readonly MessageTag AaaaQueryDropped = new("AAAA_QUERY_DROPPED", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an A query for {domain} but not the AAAA query.",
        "Check filters in front of the server: AAAA queries must be answered (RFC 4074 section 4.1).");
    public static readonly MessageTag AaaaUnexpectedRcode = new("AAAA_UNEXPECTED_RCODE", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an AAAA query for {domain} with {rcode}, although the A query gets NOERROR.",
        "A name that exists has no AAAA records: the answer is NOERROR with an empty answer section (RFC 4074 section 3).");
    public static readonly MessageTag AaaaBadRdata = new("AAAA_BAD_RDATA", Severity.Error, ThreatTypes.ProtocolViolation,
        "Name server {ns} answers an AAAA query for {domain} with AAAA data that is not 16 octets.",
        "AAAA RDATA is exactly 16 octets (RFC 3596); upgrade the server software.");
    public static readonly MessageTag AaaaWellProcessed = new("AAAA_WELL_PROCESSED", Severity.Info, null,
        "The name servers of {domain} answer AAAA queries correctly.");

    public override string Id => "NAMESERVER05";

    public override string Module => "Nameserver";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AUnexpectedRcode, AaaaQueryDropped, AaaaUnexpectedRcode, AaaaBadRdata, AaaaWellProcessed];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var ok = 0;
        var bad = 0;
        foreach (var s in facts.Servers)
        {
            var probes = s.Nameserver;
            if (probes.ApexA.Answered() is not { } a || probes.ApexAaaa is null)
            {
                continue;
            }

            if (a.ResponseCode != DnsResponseCode.NoError)
            {
                yield return Emit(AUnexpectedRcode, [s.EvidenceOf(probes.ApexA)], ("ns", s.Server), ("domain", facts.Zone), ("rcode", EdnsVersionCheck.RcodeName(a.ResponseCode)));
                continue;
            }

            var evidence = new[] { s.EvidenceOf(probes.ApexAaaa) };
            switch (probes.ApexAaaa)
            {
                case ExchangeMalformed { Error.Error: DnsFormatError.RdataLengthMismatch }:
                    bad++;
                    yield return Emit(AaaaBadRdata, evidence, ("ns", s.Server), ("domain", facts.Zone));
                    break;
                case ExchangeAnswered { Message: var m } when m.ResponseCode != DnsResponseCode.NoError:
                    bad++;
                    yield return Emit(AaaaUnexpectedRcode, evidence, ("ns", s.Server), ("domain", facts.Zone), ("rcode", EdnsVersionCheck.RcodeName(m.ResponseCode)));
                    break;
                case ExchangeAnswered:
                    ok++;
                    break;
                default:
                    bad++;
                    yield return Emit(AaaaQueryDropped, [s.EvidenceOf(probes.ApexA), .. evidence], ("ns", s.Server), ("domain", facts.Zone));
                    break;
            }
        }

        if (ok > 0 && bad == 0)
        {
            yield return Emit(AaaaWellProcessed, null, ("domain", facts.Zone));
        }
    }
}

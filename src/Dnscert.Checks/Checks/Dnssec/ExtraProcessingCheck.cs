using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC06: in a signed zone, a DNSKEY query with the DO bit must return the keys together with their RRSIGs
/// (RFC 4035 §3.1.1). A server that answers NOERROR without one or the other breaks validation for every
/// resolver that asks it. Only judged once some server serves keys, as Zonemaster does.
/// </summary>
public sealed class ExtraProcessingCheck : CheckBase
{
    public static readonly MessageTag Ok = new("EXTRA_PROCESSING_OK", Severity.Debug, null,
        "Server {server} returns {keys} DNSKEY and {sigs} RRSIG records to a DNSKEY query with DO.");

    public static readonly MessageTag Broken = new("EXTRA_PROCESSING_BROKEN", Severity.Error, ThreatTypes.DnssecBogus,
        "Server {server} answers a DNSKEY query with DO with {keys} DNSKEY and {sigs} RRSIG records: keys and signatures must come together.",
        "Serve the signed zone on this server, or fix its DNSSEC answer processing (RFC 4035 section 3.1.1).");

    public override string Id => "DNSSEC06";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [Ok, Broken];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var answers = facts.Servers.Select(s => (Server: s, Answer: s.Dnskey.Answered())).Where(x => x.Answer is not null).ToList();
        if (!answers.Any(x => MessageReading.Count(x.Answer!.Answers, RRType.DNSKEY) > 0))
        {
            yield break; // unsigned (or no server answers): DNSSEC07 and the Connectivity module say so
        }

        foreach (var (server, answer) in answers)
        {
            var keys = MessageReading.Count(answer!.Answers, RRType.DNSKEY);
            var sigs = MessageReading.Count(answer.Answers, RRType.RRSIG);
            if (keys > 0 && sigs > 0)
            {
                yield return Emit(Ok, null, ("server", server.Server), ("keys", keys), ("sigs", sigs));
            }
            else if (answer.ResponseCode == DnsResponseCode.NoError)
            {
                yield return Emit(Broken, [server.EvidenceOf(server.Dnskey)], ("server", server.Server), ("keys", keys), ("sigs", sigs));
            }
        }
    }
}

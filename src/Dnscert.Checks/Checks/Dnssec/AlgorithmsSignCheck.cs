using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC13: RFC 6840 §5.11 wants the zone signed with every algorithm in its DNSKEY RRset. The whole zone
/// cannot be seen, so the three RRsets every signed zone has (DNSKEY, SOA, NS) stand for it. Silent when all
/// is well, as the specification says.
/// </summary>
public sealed class AlgorithmsSignCheck : CheckBase
{
    public static readonly MessageTag NotSignedDnskey = new("DS13_ALGO_NOT_SIGNED_DNSKEY", Severity.Warning, ThreatTypes.DnssecWeak,
        "The DNSKEY RRset has no RRSIG made with algorithm {algo_num} ({algo_mnemo}), although a key of that algorithm is published; servers: {ns_ip_list}.",
        "Sign every RRset with each algorithm in the DNSKEY RRset, or remove the keys of the unused algorithm (mind the algorithm-rollover order).");
    public static readonly MessageTag NotSignedNs = new("DS13_ALGO_NOT_SIGNED_NS", Severity.Warning, ThreatTypes.DnssecWeak,
        "The NS RRset has no RRSIG made with algorithm {algo_num} ({algo_mnemo}), although a key of that algorithm is published; servers: {ns_ip_list}.",
        "Sign every RRset with each algorithm in the DNSKEY RRset.");
    public static readonly MessageTag NotSignedSoa = new("DS13_ALGO_NOT_SIGNED_SOA", Severity.Warning, ThreatTypes.DnssecWeak,
        "The SOA RRset has no RRSIG made with algorithm {algo_num} ({algo_mnemo}), although a key of that algorithm is published; servers: {ns_ip_list}.",
        "Sign every RRset with each algorithm in the DNSKEY RRset.");

    public override string Id => "DNSSEC13";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NotSignedDnskey, NotSignedNs, NotSignedSoa];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var missing = new List<(MessageTag Tag, byte Algorithm, ServerFacts Server, DnsExchangeOutcome? Outcome)>();
        foreach (var (server, keyAnswer, keys) in DnssecServers.WithKeys(facts))
        {
            if (Rrset.SignaturesFrom(keyAnswer.Answers, facts.Zone, RRType.DNSKEY).Count == 0)
            {
                continue;
            }

            var algorithms = keys.Select(k => k.Algorithm).Distinct().Order().ToList();
            foreach (var (tag, type, outcome) in new[]
            {
                (NotSignedDnskey, RRType.DNSKEY, server.Dnskey),
                (NotSignedSoa, RRType.SOA, server.SignedSoa),
                (NotSignedNs, RRType.NS, server.DnssecProbes?.SignedNs),
            })
            {
                if (DnssecServers.Usable(outcome) is not { } m || Rrset.FromSection(m.Answers, facts.Zone, type) is null
                    || Rrset.SignaturesFrom(m.Answers, facts.Zone, type) is not { Count: > 0 } sigs)
                {
                    continue;
                }

                missing.AddRange(algorithms.Where(a => !sigs.Any(s => s.Algorithm == a)).Select(a => (tag, a, server, outcome)));
            }
        }

        foreach (var group in missing.GroupBy(m => (m.Tag, m.Algorithm)).OrderBy(g => g.Key.Tag.Name).ThenBy(g => g.Key.Algorithm))
        {
            yield return Emit(group.Key.Tag, group.Select(g => g.Server.EvidenceOf(g.Outcome)),
                ("ns_ip_list", DnssecServers.List(group.Select(g => g.Server))), ("algo_num", group.Key.Algorithm), ("algo_mnemo", DnssecAlgorithms.Name(group.Key.Algorithm)));
        }
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC08 and DNSSEC09 ask the same of one apex RRset (DNSKEY, SOA): is it signed, and is each RRSIG in its
/// validity window, made with a supported algorithm, by a key of the zone's DNSKEY RRset, and valid? Findings
/// per server; each RRSIG falls in the first class that applies, in the specifications' order.
/// </summary>
public sealed class RrsetSignatureFindings
{
    public List<ServerFacts> WithoutRrsig { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag, string Detail)> NotYetValid { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag, string Detail)> Expired { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag, byte Algorithm)> UnsupportedAlgorithm { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag, string Detail)> NoMatchingKey { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag, string Detail)> NotValid { get; } = [];

    public List<(ServerFacts Server, ushort KeyTag)> Valid { get; } = [];

    public static RrsetSignatureFindings Of(ZoneFacts facts, RRType type, Func<ServerFacts, DnsExchangeOutcome?> probe)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(probe);
        var findings = new RrsetSignatureFindings();
        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        var now = SerialTime.FromDateTimeOffset(facts.CheckedAt);
        foreach (var (server, _, keys) in DnssecServers.WithKeys(facts))
        {
            if (DnssecServers.Usable(probe(server)) is not { } m || Rrset.FromSection(m.Answers, facts.Zone, type) is not { } rrset)
            {
                continue;
            }

            var sigs = Rrset.SignaturesFrom(m.Answers, facts.Zone, type);
            if (sigs.Count == 0)
            {
                findings.WithoutRrsig.Add(server);
                continue;
            }

            foreach (var sig in sigs)
            {
                var when = (Func<uint, string>)(t => SerialTime.ToDateTimeOffset(t, facts.CheckedAt).ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                if (SerialTime.Compare(sig.Inception, now) > 0)
                {
                    findings.NotYetValid.Add((server, sig.KeyTag, when(sig.Inception)));
                }
                else if (SerialTime.Compare(sig.Expiration, now) < 0)
                {
                    findings.Expired.Add((server, sig.KeyTag, when(sig.Expiration)));
                }
                else if (!DnssecAlgorithms.IsImplemented(sig.Algorithm) || !DnssecAlgorithms.IsSupportedByPlatform(sig.Algorithm))
                {
                    findings.UnsupportedAlgorithm.Add((server, sig.KeyTag, sig.Algorithm));
                }
                else if (RrsigCheck.Verify(verifier, rrset, sig, keys, facts.Zone, facts.CheckedAt) is not { } result)
                {
                    findings.NoMatchingKey.Add((server, sig.KeyTag, $"no DNSKEY with key tag {sig.KeyTag} and algorithm {sig.Algorithm}"));
                }
                else if (result.IsValid)
                {
                    findings.Valid.Add((server, sig.KeyTag));
                }
                else
                {
                    findings.NotValid.Add((server, sig.KeyTag, RrsigCheck.Describe(result)));
                }
            }
        }

        return findings;
    }
}

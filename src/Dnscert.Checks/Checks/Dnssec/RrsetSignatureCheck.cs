using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC08 and DNSSEC09 differ only in the RRset and the tag names, so they share this evaluation: one message
/// per finding and key tag, naming every server where it was seen.
/// </summary>
public abstract class RrsetSignatureCheck : CheckBase
{
    protected abstract RRType Covered { get; }

    protected abstract MessageTag AlgorithmNotSupported { get; }

    protected abstract MessageTag RrsigExpired { get; }

    protected abstract MessageTag RrsigNotYetValid { get; }

    protected abstract MessageTag MissingRrsig { get; }

    protected abstract MessageTag NoMatchingKey { get; }

    protected abstract MessageTag NotValidByKey { get; }

    protected abstract DnsExchangeOutcome? Probe(ServerFacts server);

    public override string Module => "DNSSEC";

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var f = RrsetSignatureFindings.Of(facts, Covered, Probe);
        if (f.WithoutRrsig.Count > 0)
        {
            yield return Emit(MissingRrsig, DnssecServers.Evidence(f.WithoutRrsig, Probe), ("ns_ip_list", DnssecServers.List(f.WithoutRrsig)));
        }

        foreach (var (tag, items) in ByTag(f.NotYetValid))
        {
            yield return Emit(RrsigNotYetValid, DnssecServers.Evidence(items.Select(i => i.Server), Probe), ("ns_ip_list", DnssecServers.List(items.Select(i => i.Server))), ("keytag", tag), ("date", items[0].Detail));
        }

        foreach (var (tag, items) in ByTag(f.Expired))
        {
            yield return Emit(RrsigExpired, DnssecServers.Evidence(items.Select(i => i.Server), Probe), ("ns_ip_list", DnssecServers.List(items.Select(i => i.Server))), ("keytag", tag), ("date", items[0].Detail));
        }

        foreach (var (tag, items) in ByTag(f.NoMatchingKey))
        {
            yield return Emit(NoMatchingKey, DnssecServers.Evidence(items.Select(i => i.Server), Probe), ("ns_ip_list", DnssecServers.List(items.Select(i => i.Server))), ("keytag", tag));
        }

        foreach (var (tag, items) in ByTag(f.NotValid))
        {
            yield return Emit(NotValidByKey, DnssecServers.Evidence(items.Select(i => i.Server), Probe), ("ns_ip_list", DnssecServers.List(items.Select(i => i.Server))), ("keytag", tag), ("reason", items[0].Detail));
        }

        foreach (var group in f.UnsupportedAlgorithm.GroupBy(u => (u.KeyTag, u.Algorithm)))
        {
            yield return Emit(AlgorithmNotSupported, null, ("ns_ip_list", DnssecServers.List(group.Select(g => g.Server))), ("keytag", group.Key.KeyTag),
                ("algo_num", group.Key.Algorithm), ("algo_mnemo", DnssecAlgorithms.Name(group.Key.Algorithm)));
        }
    }

    private static IEnumerable<(ushort Tag, List<(ServerFacts Server, ushort KeyTag, string Detail)> Items)> ByTag(List<(ServerFacts Server, ushort KeyTag, string Detail)> items) =>
        items.GroupBy(i => i.KeyTag).OrderBy(g => g.Key).Select(g => (g.Key, g.ToList()));
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// The DNSSEC module's own probes: per server (signed NS, NSEC, a name that does not exist, CDS, CDNSKEY) and
/// the chain of trust from the root down. Gathering only; DNSSEC08–19 judge what comes back.
/// </summary>
public sealed class DnssecProbes(QueryRunner runner, IterativeResolver resolver)
{
    /// <summary>The per-server probes, all at once (the runner bounds them per server).</summary>
    public async Task<ServerDnssecFacts> ServerAsync(IPAddress server, DomainName zone, CancellationToken ct)
    {
        var nonExistent = NonExistentName(zone);
        var signedNs = SignedQueryAsync(runner, server, zone, RRType.NS, ct);
        var nsec = SignedQueryAsync(runner, server, zone, RRType.NSEC, ct);
        var nx = nonExistent is null ? Task.FromResult<DnsExchangeOutcome?>(null) : SignedQueryAsync(runner, server, nonExistent.Value, RRType.A, ct);
        var cds = SignedQueryAsync(runner, server, zone, RRType.CDS, ct);
        var cdnskey = SignedQueryAsync(runner, server, zone, RRType.CDNSKEY, ct);
        await Task.WhenAll(signedNs, nsec, nx, cds, cdnskey).ConfigureAwait(false);
        return new ServerDnssecFacts
        {
            SignedNs = signedNs.Result,
            Nsec = nsec.Result,
            NonExistentName = nonExistent,
            NonExistent = nx.Result,
            Cds = cds.Result,
            Cdnskey = cdnskey.Result,
        };
    }

    /// <summary>
    /// A name below the zone that no one would publish. It is derived from the zone name, not drawn at random,
    /// so a replayed run asks (and finds) the same question.
    /// </summary>
    public static DomainName? NonExistentName(DomainName zone)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(zone.ToString())))[..12];
        return DomainName.TryParse($"dnscert-nx-{hash}.{(zone.IsRoot ? "" : zone.ToString())}", out var name) ? name : null;
    }

    /// <summary>
    /// Walks from the root to the zone as <see cref="IterativeResolver"/> does, and at every zone cut asks every
    /// server of the parent for the DS and every server of the zone for the DNSKEY, with DO=1; at the zone, SOA and
    /// NS at every server. Only the referrals are on the critical path: the DS and DNSKEY questions of a level go
    /// out as soon as its servers are known and are awaited at the end, so the walk costs about one round trip per
    /// level. The anchor is the one given, else IANA's when the run starts from IANA's root servers; without one
    /// the facts say so and nothing is asked.
    /// </summary>
    public async Task<ChainOfTrustFacts> ChainAsync(DomainName zone, CancellationToken ct)
    {
        var options = resolver.Options;
        var anchor = options.TrustAnchor ?? (IsIana(resolver.Roots) ? TrustAnchor.Iana : null);
        if (anchor is null)
        {
            return new ChainOfTrustFacts();
        }

        var servers = resolver.Roots.Where(a => Usable(a, options)).Select(a => new NameServerAddress(DomainName.Root, a)).ToList();
        var current = DomainName.Root;
        DomainName? parent = null;
        List<PendingExchange> dsQueries = [];
        var pending = new List<PendingLevel>();
        List<PendingExchange> zoneSoa = [], zoneNs = [];
        string? problem = null;
        var reached = false;
        for (var step = 0; step < options.MaxReferrals; step++)
        {
            pending.Add(new PendingLevel(current, parent, dsQueries, AskAll(servers, current, RRType.DNSKEY, ct)));
            if (current == zone)
            {
                (zoneSoa, zoneNs, reached) = (AskAll(servers, zone, RRType.SOA, ct), AskAll(servers, zone, RRType.NS, ct), true);
                break;
            }

            // The same plain NS question the delegation walk asks, so the runner sends it once.
            var (server, outcome) = await FirstAnswerAsync(servers, zone, RRType.NS, dnssecOk: false, ct).ConfigureAwait(false);
            if (server is null || outcome.Answered() is not { } answer)
            {
                problem = $"no server of {current} answered NS {zone}";
                break;
            }

            if (ReferralOwner(answer) is { } cut && !answer.IsAuthoritative() && cut != current && cut.IsSubdomainOf(current) && zone.IsSubdomainOf(cut))
            {
                // The server that gave the referral first: its DS answer is the one the single-path verdict reads.
                dsQueries = AskAll([server, .. servers.Where(s => s != server)], cut, RRType.DS, ct);
                var names = MessageReading.NameTargets(answer.Authority, RRType.NS, cut);
                var glue = names.ToDictionary(n => n, n => (IReadOnlyList<IPAddress>)MessageReading.Addresses(answer.Additional, n));
                var resolved = await Task.WhenAll(names.Select(async name =>
                    (await resolver.AddressesOfAsync([name], glue, 0, ct).ConfigureAwait(false)).Select(a => new NameServerAddress(name, a)))).ConfigureAwait(false);
                (servers, parent, current) = ([.. resolved.SelectMany(r => r)], current, cut);
                continue;
            }

            if (answer.IsAuthoritative() && zone != current && MessageReading.NameTargets(answer.Answers, RRType.NS, zone).Count > 0)
            {
                // The parent's servers serve the child too: they still answer DS from the parent's side (RFC 4035 §3.1.4.1).
                dsQueries = AskAll([server, .. servers.Where(s => s != server)], zone, RRType.DS, ct);
                (parent, current) = (current, zone);
                continue;
            }

            problem = $"{current} does not delegate {zone}";
            break;
        }

        var levels = new List<ChainLevel>(pending.Count);
        foreach (var level in pending)
        {
            var ds = await CompleteAsync(level.Ds).ConfigureAwait(false);
            var keys = await CompleteAsync(level.Dnskey).ConfigureAwait(false);
            var keyAnswer = FirstAnswered(keys);
            levels.Add(new ChainLevel(level.Zone, level.Parent, ds.Count > 0 ? ds[0].Server : null, ds.Count > 0 ? ds[0].Outcome : null, keyAnswer?.Server, keyAnswer?.Outcome)
            {
                DsAnswers = ds,
                DnskeyAnswers = keys,
            });
        }

        if (!reached)
        {
            return Facts(anchor, levels, problem ?? $"more than {options.MaxReferrals} referrals");
        }

        var soas = await CompleteAsync(zoneSoa).ConfigureAwait(false);
        var nss = await CompleteAsync(zoneNs).ConfigureAwait(false);
        var zoneServer = levels[^1].KeyServer;
        return Facts(anchor, levels, null) with
        {
            ZoneServer = zoneServer,
            ZoneSoa = soas.FirstOrDefault(s => s.Server == zoneServer)?.Outcome,
            ZoneNs = nss.FirstOrDefault(s => s.Server == zoneServer)?.Outcome,
            ZoneSoaAnswers = soas,
            ZoneNsAnswers = nss,
        };
    }

    private List<PendingExchange> AskAll(IEnumerable<NameServerAddress> servers, DomainName name, RRType type, CancellationToken ct) =>
        [.. servers.Select(s => new PendingExchange(s, SignedQueryAsync(runner, s.Address, name, type, ct)))];

    private static async Task<List<ServerExchange>> CompleteAsync(List<PendingExchange> queries)
    {
        await Task.WhenAll(queries.Select(q => q.Outcome)).ConfigureAwait(false);
        return [.. queries.Select(q => new ServerExchange(q.Server, q.Outcome.Result))];
    }

    /// <summary>The first server (in order) that answered NOERROR or NXDOMAIN, else the last one asked.</summary>
    private static ServerExchange? FirstAnswered(List<ServerExchange> answers) =>
        answers.FirstOrDefault(a => a.Outcome.Answered() is { ResponseCode: DnsResponseCode.NoError or DnsResponseCode.NXDomain }) ?? (answers.Count > 0 ? answers[^1] : null);

    private sealed record PendingExchange(NameServerAddress Server, Task<DnsExchangeOutcome?> Outcome);

    private sealed record PendingLevel(DomainName Zone, DomainName? Parent, List<PendingExchange> Ds, List<PendingExchange> Dnskey);

    // IPAddress is not comparable: compare the text forms as sets.
    private static bool IsIana(IReadOnlyList<IPAddress> roots) =>
        roots.Select(a => a.ToString()).ToHashSet(StringComparer.Ordinal).SetEquals(IanaRootHints.Addresses.Select(a => a.ToString()));

    private static ChainOfTrustFacts Facts(TrustAnchor anchor, List<ChainLevel> levels, string? problem) => new()
    {
        AnchorSource = anchor.Source,
        AnchorDs = anchor.Ds,
        AnchorKeys = anchor.Keys,
        Levels = levels,
        WalkProblem = problem,
    };

    private async Task<(NameServerAddress? Server, DnsExchangeOutcome? Outcome)> FirstAnswerAsync(
        List<NameServerAddress> servers, DomainName name, RRType type, bool dnssecOk, CancellationToken ct)
    {
        (NameServerAddress? Server, DnsExchangeOutcome? Outcome) last = (servers.Count > 0 ? servers[0] : null, null);
        foreach (var server in servers)
        {
            var outcome = dnssecOk
                ? await SignedQueryAsync(runner, server.Address, name, type, ct).ConfigureAwait(false)
                : await PlainQueryAsync(server.Address, name, type, ct).ConfigureAwait(false);
            last = (server, outcome);
            if (outcome.Answered() is { ResponseCode: DnsResponseCode.NoError or DnsResponseCode.NXDomain })
            {
                return last;
            }
        }

        return last;
    }

    private async Task<DnsExchangeOutcome> PlainQueryAsync(IPAddress server, DomainName name, RRType type, CancellationToken ct)
    {
        var outcome = await runner.QueryAsync(server, name, type, ct: ct).ConfigureAwait(false);
        return outcome.Answered() is { IsTruncated: true } ? await runner.QueryAsync(server, name, type, tcp: true, ct: ct).ConfigureAwait(false) : outcome;
    }

    /// <summary>A DO=1 query over UDP, repeated over TCP when the answer comes back truncated.</summary>
    private static async Task<DnsExchangeOutcome?> SignedQueryAsync(QueryRunner runner, IPAddress server, DomainName name, RRType type, CancellationToken ct)
    {
        var udp = await runner.QueryAsync(server, name, type, dnssecOk: true, ct: ct).ConfigureAwait(false);
        return udp.Answered() is { IsTruncated: true }
            ? await runner.QueryAsync(server, name, type, tcp: true, dnssecOk: true, ct: ct).ConfigureAwait(false)
            : udp;
    }

    private static DomainName? ReferralOwner(DnsMessage m)
    {
        foreach (var r in m.Authority)
        {
            if (r.Type == RRType.NS)
            {
                return r.Owner;
            }
        }

        return null;
    }

    private static bool Usable(IPAddress a, CheckOptions options) =>
        a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? options.UseIPv4 : options.UseIPv6;
}

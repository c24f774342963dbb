using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Gathers every fact the checks need, sending all probes at once (bounded per server by the
/// <see cref="QueryRunner"/>), and only then lets the checks evaluate. Checks stay readable and the run
/// takes about one round trip per dependency level instead of one per query.
/// </summary>
public sealed class FactCollector(QueryRunner runner, IterativeResolver resolver)
{
    public async Task<ZoneFacts> CollectAsync(DomainName zone, UndelegatedData? undelegated, CancellationToken ct)
    {
        var delegation = undelegated is null
            ? await resolver.FindDelegationAsync(zone, ct).ConfigureAwait(false)
            : new DelegationResult(true, null, zone.IsRoot ? null : zone.Parent, [], undelegated.NameServers, undelegated.Addresses, []);
        if (!delegation.Found)
        {
            return new ZoneFacts(zone)
            {
                ChildFound = false,
                NotFoundReason = delegation.Reason,
                Parent = delegation.Parent,
                DelegationEvidence = delegation.Evidence,
            };
        }

        var plainReferral = delegation.ParentServers.Count > 0
            ? await runner.QueryAsync(delegation.ParentServers[0], zone, RRType.NS, edns: false, ct: ct).ConfigureAwait(false)
            : null;
        var (delegated, unresolved) = await AddressesAsync(delegation.NameServers, delegation.Glue, ct).ConfigureAwait(false);
        var probed = await Task.WhenAll(delegated.Select(s => ProbeAsync(s, zone, inDelegation: true, ct))).ConfigureAwait(false);

        // Servers that only the child names are probed too, so parent/child differences can be shown.
        var childOnly = probed.Where(p => p.AuthoritativeForZone).SelectMany(p => p.NsNames).Distinct()
            .Where(n => !delegation.NameServers.Contains(n)).ToList();
        var (extra, _) = await AddressesAsync(childOnly, new Dictionary<DomainName, IReadOnlyList<IPAddress>>(), ct).ConfigureAwait(false);
        var probedExtra = await Task.WhenAll(extra.Select(s => ProbeAsync(s, zone, inDelegation: false, ct))).ConfigureAwait(false);
        var servers = probed.Concat(probedExtra).ToList();

        return new ZoneFacts(zone)
        {
            ChildFound = true,
            Parent = delegation.Parent,
            DelegationEvidence = delegation.Evidence,
            DelegationNs = delegation.NameServers,
            Glue = delegation.Glue,
            ReferralSize = plainReferral is Dns.Transport.ExchangeAnswered a ? a.Response.Length : 0,
            ReferralTruncated = plainReferral.Answered()?.IsTruncated ?? false,
            UnresolvedNs = unresolved,
            Servers = servers,
            ChildAddresses = await ChildAddressesAsync(zone, servers, delegation.NameServers.Concat(childOnly), ct).ConfigureAwait(false),
        };
    }

    private async Task<(List<NameServerAddress> Servers, List<DomainName> Unresolved)> AddressesAsync(
        IReadOnlyList<DomainName> names, IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> glue, CancellationToken ct)
    {
        var resolved = await Task.WhenAll(names.Select(async n =>
            (Name: n, Addresses: await resolver.AddressesOfAsync([n], glue, 0, ct).ConfigureAwait(false)))).ConfigureAwait(false);
        var servers = resolved.SelectMany(r => r.Addresses.Select(a => new NameServerAddress(r.Name, a))).ToList();
        return (servers, [.. resolved.Where(r => r.Addresses.Count == 0).Select(r => r.Name)]);
    }

    private async Task<ServerFacts> ProbeAsync(NameServerAddress server, DomainName zone, bool inDelegation, CancellationToken ct)
    {
        var a = server.Address;
        var soaUdp = runner.QueryAsync(a, zone, RRType.SOA, ct: ct);
        var soaTcp = runner.QueryAsync(a, zone, RRType.SOA, tcp: true, ct: ct);
        var nsUdp = runner.QueryAsync(a, zone, RRType.NS, ct: ct);
        var nsTcp = runner.QueryAsync(a, zone, RRType.NS, tcp: true, ct: ct);
        var recursion = runner.QueryAsync(a, DomainName.Root, RRType.SOA, recursionDesired: true, ct: ct);
        var axfr = runner.QueryAsync(a, zone, RRType.AXFR, tcp: true, edns: false, ct: ct);
        await Task.WhenAll(soaUdp, soaTcp, nsUdp, nsTcp, recursion, axfr).ConfigureAwait(false);
        return new ServerFacts(server, zone)
        {
            InDelegation = inDelegation,
            SoaUdp = soaUdp.Result,
            SoaTcp = soaTcp.Result,
            NsUdp = nsUdp.Result,
            NsTcp = nsTcp.Result,
            Recursion = recursion.Result,
            Axfr = axfr.Result,
        };
    }

    private async Task<Dictionary<DomainName, IReadOnlyList<IPAddress>>> ChildAddressesAsync(
        DomainName zone, List<ServerFacts> servers, IEnumerable<DomainName> names, CancellationToken ct)
    {
        var result = new Dictionary<DomainName, IReadOnlyList<IPAddress>>();
        var source = servers.FirstOrDefault(s => s.AuthoritativeForZone);
        if (source is null)
        {
            return result;
        }

        foreach (var name in names.Distinct().Where(n => n.IsSubdomainOf(zone)))
        {
            var addresses = new List<IPAddress>();
            foreach (var type in new[] { RRType.A, RRType.AAAA })
            {
                var outcome = await runner.QueryAsync(source.Server.Address, name, type, ct: ct).ConfigureAwait(false);
                if (outcome.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode == DnsResponseCode.NoError)
                {
                    addresses.AddRange(MessageReading.Addresses(m.Answers, name));
                }
            }

            result[name] = addresses;
        }

        return result;
    }
}

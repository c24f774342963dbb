using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>What one parent-side server said about the child name, as BASIC01 sorts the answers.</summary>
public enum ParentAnswer
{
    Delegation,
    AuthoritativeSoa,
    NxDomain,
    Cname,
    CnameWithReferral,
    Dname,
    NoData,
}

/// <summary>One server (and the zone it was asked as) that answered for the child name.</summary>
public sealed record ParentServerAnswer(IPAddress Server, DomainName ParentZone, ParentAnswer Answer, DomainName? AliasTarget);

/// <summary>An unexpected answer met on the way down (BASIC01's B01_SERVER_ZONE_ERROR).</summary>
public sealed record ParentWalkError(DomainName QueryName, RRType Type, IPAddress Server);

/// <summary>The outcome of walking every server of every level from the root towards the child.</summary>
public sealed record ParentWalkResult(IReadOnlyList<ParentServerAnswer> Answers, IReadOnlyList<ParentWalkError> Errors, bool Truncated);

/// <summary>
/// BASIC01's walk: unlike the resolver, which trusts the first server that answers, it asks every name server
/// of every zone on the path from the root (a QNAME-minimising SOA descent per server), so a parent whose
/// servers disagree about the child (one delegates, another says NXDOMAIN, CNAME, DNAME or NODATA) is seen.
/// Each wave of servers is asked at once; the number of servers is bounded.
/// </summary>
public sealed class ParentWalk(QueryRunner runner, IterativeResolver resolver, IReadOnlyList<IPAddress> roots, CheckOptions options)
{
    private const int MaxServers = 128;

    public async Task<ParentWalkResult> RunAsync(DomainName child, CancellationToken ct)
    {
        var handled = new HashSet<(IPAddress, DomainName)>();
        var answers = new List<ParentServerAnswer>();
        var errors = new List<ParentWalkError>();
        var remaining = roots.Where(Usable).Select(r => (Server: r, Zone: DomainName.Root)).ToList();
        var truncated = false;
        while (remaining.Count > 0)
        {
            var wave = remaining.Where(r => handled.Add(r)).ToList();
            if (handled.Count > MaxServers)
            {
                truncated = true;
                break;
            }

            remaining = [];
            var results = await Task.WhenAll(wave.Select(w => VisitAsync(w.Server, w.Zone, child, ct))).ConfigureAwait(false);
            foreach (var r in results)
            {
                answers.AddRange(r.Answers);
                errors.AddRange(r.Errors);
                remaining.AddRange(r.Next.Where(n => !handled.Contains(n)));
            }

            remaining = [.. remaining.Distinct()];
        }

        return new ParentWalkResult(answers, errors, truncated);
    }

    private async Task<Visit> VisitAsync(IPAddress server, DomainName zone, DomainName child, CancellationToken ct)
    {
        var visit = new Visit();

        // The three questions of a level go out together (the runner sends each once): one round trip per level
        // instead of three, which is most of BASIC01's time at a realistic network delay.
        _ = runner.QueryAsync(server, zone, RRType.NS, ct: ct);
        if (zone.LabelCount < child.LabelCount)
        {
            _ = runner.QueryAsync(server, Extend(zone, child), RRType.SOA, ct: ct);
        }

        var soa = (await runner.QueryAsync(server, zone, RRType.SOA, ct: ct).ConfigureAwait(false)).Answered();
        if (soa is null || soa.ResponseCode != DnsResponseCode.NoError || !soa.IsAuthoritative() || !ExactlyOneSoa(soa, zone))
        {
            visit.Errors.Add(new ParentWalkError(zone, RRType.SOA, server));
            return visit;
        }

        if (!await AddZoneServersAsync(server, zone, visit, ct).ConfigureAwait(false))
        {
            return visit;
        }

        var name = zone;
        while (name.LabelCount < child.LabelCount)
        {
            name = Extend(name, child);
            var response = (await runner.QueryAsync(server, name, RRType.SOA, ct: ct).ConfigureAwait(false)).Answered();
            if (response is null)
            {
                visit.Errors.Add(new ParentWalkError(name, RRType.SOA, server));
                return visit;
            }

            if (response.ResponseCode == DnsResponseCode.NoError && response.IsAuthoritative() && ExactlyOneSoa(response, name))
            {
                if (name == child)
                {
                    visit.Answers.Add(new ParentServerAnswer(server, zone, ParentAnswer.AuthoritativeSoa, null));
                    return visit;
                }

                // The same server also serves the zone below: descend as that zone.
                if (!await AddZoneServersAsync(server, name, visit, ct).ConfigureAwait(false))
                {
                    return visit;
                }

                zone = name;
                continue;
            }

            if (response.ResponseCode == DnsResponseCode.NXDomain && response.IsAuthoritative())
            {
                visit.Answers.Add(new ParentServerAnswer(server, zone, ParentAnswer.NxDomain, null));
                return visit;
            }

            if (!response.IsAuthoritative() && ReferralNames(response, name) is { Count: > 0 } referral)
            {
                if (name == child)
                {
                    visit.Answers.Add(new ParentServerAnswer(server, zone, ParentAnswer.Delegation, null));
                }
                else
                {
                    await AddServersAsync(referral, response, name, visit, ct).ConfigureAwait(false);
                }

                return visit;
            }

            if (response.ResponseCode == DnsResponseCode.NoError && response.IsAuthoritative())
            {
                if (name != child)
                {
                    continue;
                }

                if (MessageReading.NameTargets(response.Answers, RRType.CNAME, child) is [var cnameTarget, ..])
                {
                    visit.Answers.Add(new ParentServerAnswer(server, zone, ParentAnswer.Cname, cnameTarget));
                    return visit;
                }

                var dname = (await runner.QueryAsync(server, child, RRType.DNAME, ct: ct).ConfigureAwait(false)).Answered();
                visit.Answers.Add(dname is { ResponseCode: DnsResponseCode.NoError } d && d.IsAuthoritative() && MessageReading.NameTargets(d.Answers, RRType.DNAME, child) is [var target, ..]
                    ? new ParentServerAnswer(server, zone, ParentAnswer.Dname, target)
                    : new ParentServerAnswer(server, zone, ParentAnswer.NoData, null));
                return visit;
            }

            if (name == child && MessageReading.NameTargets(response.Answers, RRType.CNAME, child) is [var aliased, ..] && HasReferral(response))
            {
                visit.Answers.Add(new ParentServerAnswer(server, zone, ParentAnswer.CnameWithReferral, aliased));
                return visit;
            }

            visit.Errors.Add(new ParentWalkError(name, RRType.SOA, server));
            return visit;
        }

        return visit;
    }

    /// <summary>Asks the server for the zone's NS set and queues every address of those servers for the same zone.</summary>
    private async Task<bool> AddZoneServersAsync(IPAddress server, DomainName zone, Visit visit, CancellationToken ct)
    {
        var ns = (await runner.QueryAsync(server, zone, RRType.NS, ct: ct).ConfigureAwait(false)).Answered();
        var names = ns is null ? [] : MessageReading.NameTargets(ns.Answers, RRType.NS);
        if (ns is null || ns.ResponseCode != DnsResponseCode.NoError || !ns.IsAuthoritative() || names.Count == 0 || !AllOwnedBy(ns.Answers, RRType.NS, zone))
        {
            visit.Errors.Add(new ParentWalkError(zone, RRType.NS, server));
            return false;
        }

        await AddServersAsync(names, ns, zone, visit, ct).ConfigureAwait(false);
        return true;
    }

    private async Task AddServersAsync(IReadOnlyList<DomainName> names, DnsMessage response, DomainName zone, Visit visit, CancellationToken ct)
    {
        var glue = names.ToDictionary(n => n, n => (IReadOnlyList<IPAddress>)MessageReading.Addresses(response.Additional, n));
        foreach (var address in await resolver.AddressesOfAsync(names, glue, 1, ct).ConfigureAwait(false))
        {
            visit.Next.Add((address, zone));
        }
    }

    private bool Usable(IPAddress a) => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? options.UseIPv4 : options.UseIPv6;

    /// <summary>The ancestor of <paramref name="child"/> one label longer than <paramref name="current"/>.</summary>
    private static DomainName Extend(DomainName current, DomainName child)
    {
        var name = child;
        for (var drop = child.LabelCount - current.LabelCount - 1; drop > 0; drop--)
        {
            name = name.Parent;
        }

        return name;
    }

    private static bool ExactlyOneSoa(DnsMessage m, DomainName owner)
    {
        var count = 0;
        foreach (var r in m.Answers)
        {
            if (r.Type == RRType.SOA)
            {
                count += r.Owner == owner ? 1 : 100;
            }
        }

        return count == 1;
    }

    private static bool AllOwnedBy(ReadOnlySpan<DnsRecord> records, RRType type, DomainName owner)
    {
        foreach (var r in records)
        {
            if (r.Type == type && r.Owner != owner)
            {
                return false;
            }
        }

        return true;
    }

    private static List<DomainName> ReferralNames(DnsMessage m, DomainName name) => MessageReading.NameTargets(m.Authority, RRType.NS, name);

    private static bool HasReferral(DnsMessage m) => MessageReading.Count(m.Authority, RRType.NS) > 0;

    private sealed class Visit
    {
        public List<ParentServerAnswer> Answers { get; } = [];

        public List<ParentWalkError> Errors { get; } = [];

        public List<(IPAddress, DomainName)> Next { get; } = [];
    }
}

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
public sealed class FactCollector(QueryRunner runner, IterativeResolver resolver, ParentWalk? parentWalk = null, DomainName? asnBase = null, RisWhoisLookup? whois = null)
{
    public async Task<ZoneFacts> CollectAsync(DomainName zone, UndelegatedData? undelegated, DateTimeOffset checkedAt, CancellationToken ct)
    {
        // --ds alone keeps the real delegation and only replaces the DS set; --ns replaces the delegation.
        var byHand = undelegated is { NameServers.Count: > 0 };
        // The delegation walk is the critical path, so it sends its first query before BASIC01's walk over every
        // parent server, which runs on another thread (its first query pays for a cold socket stack).
        var delegationTask = !byHand
            ? resolver.FindDelegationAsync(zone, ct)
            : Task.FromResult(new DelegationResult(true, null, zone.IsRoot ? null : zone.Parent, [], undelegated!.NameServers, undelegated.Addresses, []));
        var walkTask = parentWalk is not null && !byHand && !zone.IsRoot ? Task.Run(() => WalkAsync(parentWalk, zone, ct), ct) : Task.FromResult<ParentWalkResult?>(null);
        var delegation = await delegationTask.ConfigureAwait(false);
        if (!delegation.Found)
        {
            return new ZoneFacts(zone)
            {
                ChildFound = false,
                CheckedAt = checkedAt,
                NotFoundReason = delegation.Reason,
                Parent = delegation.Parent,
                DelegationEvidence = delegation.Evidence,
                Undelegated = byHand,
                UndelegatedDs = undelegated is { DsRecords.Count: > 0 },
                ParentWalk = await walkTask.ConfigureAwait(false),
            };
        }

        // Everything that depends only on the delegation starts at once: the plain referral, the parent's DS,
        // every probe of every server, and the child's own addresses of its name servers.
        var chainTask = byHand ? Task.FromResult<ChainOfTrustFacts?>(null) : ChainAsync(zone, ct);
        var plainReferralTask = delegation.ParentServers.Count > 0
            ? runner.QueryAsync(delegation.ParentServers[0], zone, RRType.NS, edns: false, ct: ct)
            : Task.FromResult<Dns.Transport.DnsExchangeOutcome>(null!);
        var parentDsTask = ParentDsAsync(zone, delegation, undelegated, ct);
        // A hand-given in-zone name server without an address has none: its name can only resolve through the
        // delegation being tested, which the parent does not publish (Zonemaster does the same).
        var resolvable = byHand ? delegation.NameServers.Where(n => !n.IsSubdomainOf(zone) || delegation.Glue.GetValueOrDefault(n) is { Count: > 0 }).ToList() : delegation.NameServers;
        var (delegated, unresolvedResolvable) = await AddressesAsync(resolvable, delegation.Glue, ct).ConfigureAwait(false);
        List<DomainName> unresolved = [.. unresolvedResolvable, .. delegation.NameServers.Except(resolvable)];
        resolver.RememberCut(zone, [.. delegated.Select(d => d.Address).Distinct()]);
        var childAddressesTask = ChildAddressesAsync(zone, [.. delegated.Select(d => d.Address).Distinct()], delegation.NameServers, ct);
        var reverseTask = ReverseAsync(delegated.Select(d => d.Address), ct);
        var asnTask = AsnLookupsAsync(delegated.Select(d => d.Address), ct);
        var probeTasks = delegated.Select(s => ProbeAsync(s, zone, inDelegation: true, ct)).ToList();
        var earlyTask = EarlySecondPhaseAsync(zone, delegated, delegation.NameServers, ct);
        var probed = await Task.WhenAll(probeTasks).ConfigureAwait(false);

        // Servers that only the child names are probed too, so parent/child differences can be shown.
        var childOnly = probed.Where(p => p.AuthoritativeForZone).SelectMany(p => p.NsNames).Distinct()
            .Where(n => !delegation.NameServers.Contains(n)).ToList();
        var (extra, _) = await AddressesAsync(childOnly, new Dictionary<DomainName, IReadOnlyList<IPAddress>>(), ct).ConfigureAwait(false);
        var probedExtra = await Task.WhenAll(extra.Select(s => ProbeAsync(s, zone, inDelegation: false, ct))).ConfigureAwait(false);
        var servers = probed.Concat(probedExtra).ToList();
        var wwwTask = probed.Any(p => p.AuthoritativeForZone) ? Task.FromResult<IReadOnlyList<ServerExchange>>([]) : WwwAsync(zone, delegated, ct);
        var (parentDs, parentDsEvidence, parentDsResponses) = await parentDsTask.ConfigureAwait(false);
        var plainReferral = await plainReferralTask.ConfigureAwait(false);
        var childAddresses = await childAddressesTask.ConfigureAwait(false);
        if (childOnly.Count > 0)
        {
            foreach (var (name, addresses) in await ChildAddressesAsync(zone, [.. delegated.Select(d => d.Address).Distinct()], childOnly, ct).ConfigureAwait(false))
            {
                childAddresses[name] = addresses;
            }
        }

        // Everything that needs the servers' answers starts at once: MX targets, the RNAME's mail domain (SYNTAX06),
        // the MNAME's primary (ZONE01), and PTRs of addresses only the child named.
        var mxTargets = servers.Select(s => s.Mx.Answered()).Where(m => m is not null && m.IsAuthoritative())
            .SelectMany(m => MessageReading.Mx(m!.Answers, zone).Select(x => x.Exchange)).Where(t => !t.IsRoot).Distinct().ToList();
        var mxTask = ChildAddressesAsync(zone, [.. delegated.Select(d => d.Address).Distinct()], mxTargets, ct);
        var rnameDomains = servers.Select(s => s.SoaUdp.Answered() is { } m ? MessageReading.Soa(m.Answers, zone)?.Responsible : null)
            .OfType<DomainName>().Where(Rules.MailboxRules.IsValidMailbox).Select(r => r.Parent).Distinct();
        var rnameTask = Task.WhenAll(rnameDomains.Select(d => MailDomainLookup.RunAsync(resolver, d, ct)));
        var mnameTask = MnamesAsync(zone, Primaries(servers.Select(s => s.Soa)), ct);
        var nsNameTask = NsNameAnswersAsync(zone, delegation.NameServers.Concat(childOnly).Distinct().ToList(), delegated, ct);
        var mnameAddressTask = MnameAddressAnswersAsync(Primaries(servers.Select(s => s.Soa)), ct);
        var mxCnameTask = MxCnameAnswersAsync(zone, mxTargets, delegated, ct);
        var extraReverseTask = ReverseAsync(extra.Select(e => e.Address).Concat(childAddresses.Values.SelectMany(a => a)), ct);
        var extraAsnTask = AsnLookupsAsync(extra.Select(e => e.Address).Where(a => !delegated.Any(d => d.Address.Equals(a))), ct);
        var reverse = await reverseTask.ConfigureAwait(false);
        foreach (var (address, lookup) in await extraReverseTask.ConfigureAwait(false))
        {
            reverse.TryAdd(address, lookup);
        }

        var mxTargetAddresses = await mxTask.ConfigureAwait(false);
        var rnameMail = await rnameTask.ConfigureAwait(false);
        var mnames = await mnameTask.ConfigureAwait(false);
        var nsNameAnswers = await nsNameTask.ConfigureAwait(false);
        var mnameAddressAnswers = await mnameAddressTask.ConfigureAwait(false);
        IReadOnlyList<AsnLookup> asnLookups = [.. await asnTask.ConfigureAwait(false), .. await extraAsnTask.ConfigureAwait(false)];
        var mxCnameAnswers = await mxCnameTask.ConfigureAwait(false);
        await earlyTask.ConfigureAwait(false);

        return new ZoneFacts(zone)
        {
            ChildFound = true,
            MxTargetAddresses = mxTargetAddresses,
            Undelegated = byHand,
            UndelegatedDs = undelegated is { DsRecords.Count: > 0 },
            ParentDsResponses = parentDsResponses,
            CheckedAt = checkedAt,
            ParentDs = parentDs,
            ParentDsEvidence = parentDsEvidence,
            Parent = delegation.Parent,
            DelegationEvidence = delegation.Evidence,
            DelegationNs = delegation.NameServers,
            Glue = delegation.Glue,
            ReferralSize = plainReferral is Dns.Transport.ExchangeAnswered a ? a.Response.Length : 0,
            ReferralTruncated = plainReferral.Answered()?.IsTruncated ?? false,
            RnameMailDomains = rnameMail.ToDictionary(m => m.Domain),
            Mnames = mnames,
            NsNameAnswers = nsNameAnswers,
            MnameAddressAnswers = mnameAddressAnswers,
            AsnLookups = asnLookups,
            MxCnameAnswers = mxCnameAnswers,
            UnresolvedNs = unresolved,
            Servers = servers,
            ChildAddresses = childAddresses,
            ReverseLookups = reverse,
            ParentWalk = await walkTask.ConfigureAwait(false),
            ChainOfTrust = await chainTask.ConfigureAwait(false),
            WwwAnswers = await wwwTask.ConfigureAwait(false),
        };
    }

    /// <summary>BASIC03: A of www.&lt;zone&gt; at every delegated server address (only asked when none of them works).</summary>
    private async Task<IReadOnlyList<ServerExchange>> WwwAsync(DomainName zone, IReadOnlyList<NameServerAddress> servers, CancellationToken ct)
    {
        if (!DomainName.TryParse("www." + (zone.IsRoot ? "" : zone.ToString()), out var www))
        {
            return [];
        }

        return await Task.WhenAll(servers.Select(async s => new ServerExchange(s, await runner.QueryAsync(s.Address, www, RRType.A, ct: ct).ConfigureAwait(false)))).ConfigureAwait(false);
    }

    private async Task<ChainOfTrustFacts?> ChainAsync(DomainName zone, CancellationToken ct) =>
        await new DnssecProbes(runner, resolver).ChainAsync(zone, ct).ConfigureAwait(false);

    private static async Task<ParentWalkResult?> WalkAsync(ParentWalk walk, DomainName zone, CancellationToken ct) =>
        await walk.RunAsync(zone, ct).ConfigureAwait(false);

    /// <summary>
    /// The lookups that follow the servers' answers (MX targets, their CNAME check, the RNAME's mail domain, the MNAME
    /// and its addresses, the A records of the delegation's NS names), started from the delegated servers' UDP answers as soon as those arrive, a round trip or
    /// two before the TCP and AXFR probes end. The results are not used here: the same lookups run again once every
    /// probe is in, and the query runner answers them from these exchanges (one query per identical probe), so
    /// the facts stay exactly what they were while the wait for them shrinks.
    /// </summary>
    private async Task EarlySecondPhaseAsync(DomainName zone, List<NameServerAddress> delegated, IReadOnlyList<DomainName> delegationNs, CancellationToken ct)
    {
        var addresses = delegated.Select(d => d.Address).Distinct().ToList();
        var mx = MxAsync();
        var soa = SoaAsync();
        var nsNames = NsNameAnswersAsync(zone, delegationNs, delegated, ct);
        await Task.WhenAll(mx, soa, nsNames).ConfigureAwait(false);

        // Each server's answer starts its own follow-ups as soon as it arrives, not when the slowest server has answered:
        // the runner sends each identical query once, so a second server naming the same targets costs nothing, and
        // the lookups below (after every probe) find them done.
        Task MxAsync() => Task.WhenAll(addresses.Select(async a =>
        {
            var answer = (await runner.QueryAsync(a, zone, RRType.MX, ct: ct).ConfigureAwait(false)).Answered();
            if (answer is null || !answer.IsAuthoritative())
            {
                return;
            }

            var targets = MessageReading.Mx(answer.Answers, zone).Select(x => x.Exchange).Where(t => !t.IsRoot).Distinct().ToList();
            await Task.WhenAll(ChildAddressesAsync(zone, addresses, targets, ct), MxCnameAnswersAsync(zone, targets, delegated, ct)).ConfigureAwait(false);
        }));

        Task SoaAsync() => Task.WhenAll(addresses.Select(async a =>
        {
            var answer = (await runner.QueryAsync(a, zone, RRType.SOA, ct: ct).ConfigureAwait(false)).Answered();
            if (answer is not { IsTruncated: false } || MessageReading.Soa(answer.Answers, zone) is not { } soa)
            {
                return;
            }

            var rnames = Rules.MailboxRules.IsValidMailbox(soa.Responsible) ? new[] { soa.Responsible.Parent } : [];
            var primaries = answer.IsAuthoritative() ? Primaries([soa]) : [];
            Task[] work = [.. rnames.Select(d => MailDomainLookup.RunAsync(resolver, d, ct)), MnamesAsync(zone, primaries, ct), MnameAddressAnswersAsync(primaries, ct)];
            await Task.WhenAll(work).ConfigureAwait(false);
        }));
    }

    private static List<DomainName> Primaries(IEnumerable<Dns.Records.SoaRecordData?> soas) => [.. soas.Select(s => s?.Primary).OfType<DomainName>().Distinct()];

    /// <summary>ZONE01: each SOA MNAME the servers name, resolved, and asked for the zone's SOA at every address.</summary>
    private async Task<IReadOnlyList<MnameFacts>> MnamesAsync(DomainName zone, IReadOnlyList<DomainName> primaries, CancellationToken ct)
    {
        var names = primaries
            .Where(n => !n.IsRoot && !string.Equals(n.ToString(), "localhost.", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return await Task.WhenAll(names.Select(async name =>
        {
            var addresses = await resolver.ResolveAddressesAsync(name, 0, ct).ConfigureAwait(false);
            var answers = await Task.WhenAll(addresses.Where(a => !IPAddress.IsLoopback(a) || !IsLocalhost(a))
                .Select(async a => (Address: a, Outcome: await runner.QueryAsync(a, zone, RRType.SOA, ct: ct).ConfigureAwait(false)))).ConfigureAwait(false);
            return new MnameFacts(name, addresses, answers.ToDictionary(x => x.Address, x => x.Outcome));
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// DELEGATION05: the A record of every name server name. In-domain names are asked of each of the zone's server
    /// addresses (a CNAME there is the zone's own doing); other names are resolved from the root.
    /// </summary>
    private async Task<IReadOnlyList<NsNameAnswer>> NsNameAnswersAsync(DomainName zone, IReadOnlyList<DomainName> names, IReadOnlyList<NameServerAddress> servers, CancellationToken ct)
    {
        var answers = await Task.WhenAll(names.Select(async name =>
        {
            if (name.IsSubdomainOf(zone))
            {
                var outcomes = await Task.WhenAll(servers.Select(async s => (Server: s, Outcome: await runner.QueryAsync(s.Address, name, RRType.A, ct: ct).ConfigureAwait(false)))).ConfigureAwait(false);
                return outcomes.Select(o => new NsNameAnswer(name, o.Outcome.Answered(), [EvidenceBuilder.From(o.Server, o.Outcome)])).ToList();
            }

            var lookup = await resolver.LookupAsync(name, RRType.A, ct).ConfigureAwait(false);
            return [new NsNameAnswer(name, lookup.Answer, lookup.Evidence)];
        })).ConfigureAwait(false);
        return [.. answers.SelectMany(a => a)];
    }

    /// <summary>
    /// CONNECTIVITY03/04: the origin of every address from the IP-to-ASN data, Team Cymru's DNS way
    /// (&lt;reversed address&gt;.origin[6].&lt;base&gt; TXT), resolved from the root like any other name.
    /// </summary>
    private async Task<AsnLookup[]> AsnLookupsAsync(IEnumerable<IPAddress> addresses, CancellationToken ct)
    {
        if (whois is not null)
        {
            return await whois.LookupAsync(addresses, ct).ConfigureAwait(false);
        }

        if (asnBase is not { } baseName)
        {
            return [];
        }

        return await Task.WhenAll(addresses.Distinct().Select(async address =>
        {
            var reverse = ReverseName.Of(address).ToString();
            var labels = reverse[..reverse.IndexOf(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6.arpa." : "in-addr.arpa.", StringComparison.Ordinal)];
            var origin = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "origin6." : "origin.";
            if (!DomainName.TryParse(labels + origin + baseName, out var name))
            {
                return new AsnLookup(address, AsnLookupStatus.Error, [], null, $"{labels}{origin}{baseName} is too long to be a name", []);
            }

            var lookup = await resolver.LookupAsync(name, RRType.TXT, ct).ConfigureAwait(false);
            return Interpret(address, name, lookup);
        })).ConfigureAwait(false);
    }

    private static AsnLookup Interpret(IPAddress address, DomainName name, ResolvedAnswer lookup)
    {
        if (lookup.Answer is not { } answer)
        {
            return new AsnLookup(address, AsnLookupStatus.Error, [], null, "the ASN database did not answer", lookup.Evidence);
        }

        var texts = answer.Answers.ToArray().Where(r => r.Type == RRType.TXT && r.Owner == name).Select(r => r.GetData()).OfType<Dns.Records.TxtRecordData>()
            .Select(t => string.Concat(t.Strings.Select(x => System.Text.Encoding.ASCII.GetString(x.Span)))).ToList();
        if (answer.ResponseCode == DnsResponseCode.NXDomain || (answer.ResponseCode == DnsResponseCode.NoError && texts.Count == 0))
        {
            return new AsnLookup(address, AsnLookupStatus.Empty, [], null, null, lookup.Evidence);
        }

        if (answer.ResponseCode != DnsResponseCode.NoError)
        {
            return new AsnLookup(address, AsnLookupStatus.Error, [], null, $"the ASN database answered {answer.ResponseCode}", lookup.Evidence);
        }

        return Rules.CymruOriginRecord.MostSpecific(texts, out var error) is { } record
            ? new AsnLookup(address, AsnLookupStatus.Found, record.Asns, record.Prefix, null, lookup.Evidence)
            : new AsnLookup(address, AsnLookupStatus.Error, [], null, error, lookup.Evidence);
    }

    /// <summary>ZONE07: A and AAAA of every SOA MNAME the servers name, looked up from the root so a CNAME stays visible.</summary>
    private async Task<IReadOnlyList<NameQueryAnswer>> MnameAddressAnswersAsync(IReadOnlyList<DomainName> primaries, CancellationToken ct)
    {
        var names = primaries.Where(n => !n.IsRoot).Distinct().ToList();
        var lookups = await Task.WhenAll(names.SelectMany(n => new[] { RRType.A, RRType.AAAA }.Select(async type =>
        {
            var lookup = await resolver.LookupAsync(n, type, ct).ConfigureAwait(false);
            return new NameQueryAnswer(n, type, lookup.Answer, lookup.Evidence);
        }))).ConfigureAwait(false);
        return lookups;
    }

    /// <summary>
    /// ZONE08: a CNAME query for every MX exchange. In-zone exchanges are asked of the zone's servers until one
    /// answers with authority (Zonemaster asks the zone); others are looked up from the root.
    /// </summary>
    private async Task<IReadOnlyList<NameQueryAnswer>> MxCnameAnswersAsync(DomainName zone, IReadOnlyList<DomainName> exchanges, IReadOnlyList<NameServerAddress> servers, CancellationToken ct)
    {
        var answers = await Task.WhenAll(exchanges.Select(async exchange =>
        {
            if (!exchange.IsSubdomainOf(zone))
            {
                var lookup = await resolver.LookupAsync(exchange, RRType.CNAME, ct).ConfigureAwait(false);
                return new NameQueryAnswer(exchange, RRType.CNAME, lookup.Answer, lookup.Evidence);
            }

            var evidence = new List<Messages.Evidence>();
            foreach (var server in servers.DistinctBy(s => s.Address))
            {
                var outcome = await runner.QueryAsync(server.Address, exchange, RRType.CNAME, ct: ct).ConfigureAwait(false);
                evidence.Add(EvidenceBuilder.From(server, outcome));
                if (outcome.Answered() is { } answer && answer.IsAuthoritative())
                {
                    return new NameQueryAnswer(exchange, RRType.CNAME, answer, evidence);
                }
            }

            return new NameQueryAnswer(exchange, RRType.CNAME, null, evidence);
        })).ConfigureAwait(false);
        return answers;
    }

    private static bool IsLocalhost(IPAddress address) => address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback);

    /// <summary>PTR of every name server address, resolved from the root (ADDRESS03), all at once.</summary>
    private async Task<Dictionary<IPAddress, NameLookup>> ReverseAsync(IEnumerable<IPAddress> addresses, CancellationToken ct)
    {
        var lookups = await Task.WhenAll(addresses.Distinct().Select(async a =>
            (Address: a, Lookup: await resolver.LookupTargetsAsync(ReverseName.Of(a), RRType.PTR, 0, ct).ConfigureAwait(false)))).ConfigureAwait(false);
        return lookups.ToDictionary(l => l.Address, l => l.Lookup);
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
        var dnskey = SignedQueryAsync(a, zone, RRType.DNSKEY, ct);
        var signedSoa = SignedQueryAsync(a, zone, RRType.SOA, ct);
        var nsec3Param = SignedQueryAsync(a, zone, RRType.NSEC3PARAM, ct);
        var mx = runner.QueryAsync(a, zone, RRType.MX, ct: ct);
        var soaAnySource = SourceProbeAsync(a, zone, soaUdp, ct);
        var txt = UdpThenTcpAsync(a, zone, RRType.TXT, ct);
        var dnssecProbes = new DnssecProbes(runner, resolver).ServerAsync(a, zone, ct);
        var nameserver = NameserverProbes.ProbeAsync(runner, a, zone, ct);
        await Task.WhenAll(soaUdp, soaTcp, nsUdp, nsTcp, recursion, axfr, dnskey, signedSoa, nsec3Param, mx, soaAnySource, txt, dnssecProbes, nameserver).ConfigureAwait(false);
        return new ServerFacts(server, zone)
        {
            InDelegation = inDelegation,
            SoaUdp = soaUdp.Result,
            SoaTcp = soaTcp.Result,
            NsUdp = nsUdp.Result,
            NsTcp = nsTcp.Result,
            Recursion = recursion.Result,
            Axfr = axfr.Result,
            Dnskey = dnskey.Result,
            SignedSoa = signedSoa.Result,
            Nsec3Param = nsec3Param.Result,
            Mx = mx.Result,
            SoaAnySource = soaAnySource.Result,
            Txt = txt.Result,
            DnssecProbes = dnssecProbes.Result,
            Nameserver = nameserver.Result,
        };
    }

    /// <summary>
    /// NAMESERVER04's evidence. A connected socket only receives datagrams from the address it is connected to, so
    /// an answer to the ordinary SOA probe already proves the source; a refused port proves nothing answers. Only
    /// when the ordinary probe gets neither does the any-source probe (sent at the same time) decide. Waiting for it
    /// in the other cases would cost a whole time-out: ICMP errors never reach an unconnected socket.
    /// </summary>
    private async Task<Dns.Transport.DnsExchangeOutcome?> SourceProbeAsync(IPAddress server, DomainName zone, Task<Dns.Transport.DnsExchangeOutcome> connected, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var anySource = runner.QueryFromAnySourceAsync(server, zone, RRType.SOA, stop.Token);
        var udp = await connected.ConfigureAwait(false);
        if (udp is Dns.Transport.ExchangeAnswered or Dns.Transport.ExchangeConnectionRefused)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return udp is Dns.Transport.ExchangeAnswered ? udp with { AnsweredFrom = udp.Server } : null;
        }

        try
        {
            return await anySource.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>A plain query over UDP, repeated over TCP when truncated: TXT RRsets (SPF) often exceed the UDP size.</summary>
    private async Task<Dns.Transport.DnsExchangeOutcome> UdpThenTcpAsync(IPAddress server, DomainName name, RRType type, CancellationToken ct)
    {
        var udp = await runner.QueryAsync(server, name, type, ct: ct).ConfigureAwait(false);
        return udp.Answered() is { IsTruncated: true } ? await runner.QueryAsync(server, name, type, tcp: true, ct: ct).ConfigureAwait(false) : udp;
    }

    /// <summary>A DO=1 query over UDP, repeated over TCP when the answer comes back truncated.</summary>
    private async Task<Dns.Transport.DnsExchangeOutcome> SignedQueryAsync(IPAddress server, DomainName name, RRType type, CancellationToken ct)
    {
        var udp = await runner.QueryAsync(server, name, type, dnssecOk: true, ct: ct).ConfigureAwait(false);
        return udp.Answered() is { IsTruncated: true }
            ? await runner.QueryAsync(server, name, type, tcp: true, dnssecOk: true, ct: ct).ConfigureAwait(false)
            : udp;
    }

    /// <summary>
    /// DS as the parent publishes it: asked of every parent server address at once (DNSSEC01 judges each), the
    /// set itself taken from the first authoritative NOERROR answer. Hand-given DS (--ds) or --ns skip the parent.
    /// </summary>
    private async Task<(List<Dns.Records.DsRecordData> Ds, List<Messages.Evidence> Evidence, IReadOnlyList<ParentDsResponse> Responses)> ParentDsAsync(
        DomainName zone, DelegationResult delegation, UndelegatedData? undelegated, CancellationToken ct)
    {
        if (undelegated is not null)
        {
            return ([.. undelegated.DsRecords.Select(ParseDs)], [], []);
        }

        if (zone.IsRoot)
        {
            return ([], [], []);
        }

        var parentName = delegation.Parent ?? DomainName.Root;
        var responses = await Task.WhenAll(delegation.ParentServers.Select(async parent =>
            new ParentDsResponse(new NameServerAddress(parentName, parent), await SignedQueryAsync(parent, zone, RRType.DS, ct).ConfigureAwait(false)))).ConfigureAwait(false);
        foreach (var response in responses)
        {
            if (response.Outcome.Answered() is { } m && m.ResponseCode == DnsResponseCode.NoError)
            {
                return ([.. response.DsRecords(zone)], [EvidenceBuilder.From(response.Server, response.Outcome)], responses);
            }
        }

        return ([], [], responses);
    }

    /// <summary>--ds values: KEYTAG,ALGORITHM,DIGESTTYPE,DIGEST (Zonemaster's form) or the DS presentation form.</summary>
    private static Dns.Records.DsRecordData ParseDs(string text)
    {
        var presentation = text.Replace(',', ' ');
        try
        {
            return (Dns.Records.DsRecordData)Dns.Records.RecordData.Parse(RRType.DS, presentation);
        }
        catch (FormatException ex)
        {
            throw new Core.DnscertException($"--ds '{text}' is not a DS record (KEYTAG,ALGORITHM,DIGESTTYPE,HEXDIGEST): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The addresses the zone itself publishes for its in-zone name servers: every name and type asked at once,
    /// each from the first server (in delegation order) that answers authoritatively.
    /// </summary>
    private async Task<Dictionary<DomainName, IReadOnlyList<IPAddress>>> ChildAddressesAsync(
        DomainName zone, IReadOnlyList<IPAddress> servers, IEnumerable<DomainName> names, CancellationToken ct)
    {
        var inZone = names.Distinct().Where(n => n.IsSubdomainOf(zone)).ToList();
        var lookups = await Task.WhenAll(inZone.SelectMany(n => new[] { RRType.A, RRType.AAAA }.Select(async type =>
        {
            foreach (var server in servers)
            {
                var outcome = await runner.QueryAsync(server, n, type, ct: ct).ConfigureAwait(false);
                if (outcome.Answered() is { } m && m.IsAuthoritative() && m.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain)
                {
                    return (Name: n, Found: true, Addresses: MessageReading.Addresses(m.Answers, n));
                }
            }

            return (Name: n, Found: false, Addresses: new List<IPAddress>());
        }))).ConfigureAwait(false);
        return lookups.Where(l => l.Found).GroupBy(l => l.Name)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IPAddress>)[.. g.SelectMany(l => l.Addresses)]);
    }
}

using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// Follows the chain of trust over gathered facts, as a validating resolver would (RFC 4035 §5): the root
/// DNSKEY RRset signed by an anchored key; at every cut the DS RRset signed by the parent's keys (or its absence
/// proven by the parent's signed NSEC/NSEC3: insecure), a DNSKEY that matches a DS and signs the DNSKEY RRset;
/// at the zone, SOA and NS signed by the zone's keys. Every link is judged on the answer of every server that was
/// asked: the chain follows the first server whose answer validates, and a server whose answer fails where another
/// one validates is named as a <see cref="ServerChainFault"/> (a resolver that asks it gets SERVFAIL). Pure: no
/// IO, time from the caller.
/// </summary>
public static class ChainOfTrustValidator
{
    public static ChainVerdict Validate(ChainOfTrustFacts chain, DomainName zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        var path = new List<DomainName>();
        var evidence = new List<Evidence>();
        var faults = new List<ServerChainFault>();
        IReadOnlyList<DnskeyRecordData> trusted = [];
        foreach (var level in chain.Levels)
        {
            var at = level.Zone;
            IReadOnlyList<DsRecordData> dsSet;
            IReadOnlyList<DnskeyRecordData> anchorKeys = [];
            if (level.Parent is not { } parent)
            {
                (dsSet, anchorKeys) = (chain.AnchorDs, chain.AnchorKeys);
            }
            else
            {
                var parentKeys = trusted;
                var ds = Choose(Candidates(level.DsAnswers, level.DsServer, level.Ds), c => CheckDs(verifier, c, at, parent, parentKeys, now), faults);
                evidence.Add(ds.Evidence);
                if (ds.Link.Status != ChainStatus.Secure)
                {
                    return Verdict(ds.Link.Status, at, ds.Link.Record, ds.Link.KeyTag, ds.Link.Reason);
                }

                dsSet = ds.Link.Ds;
            }

            var usableDs = dsSet.Where(d => DnssecAlgorithms.IsImplemented(d.Algorithm) && DsDigest.IsSupported(d.DigestType)).ToList();
            if (usableDs.Count == 0 && anchorKeys.Count == 0)
            {
                // RFC 4035 §5.2: a DS set with no supported algorithm or digest is treated as insecure.
                return Verdict(ChainStatus.Insecure, at, $"{at} DS", dsSet.Count > 0 ? dsSet[0].KeyTag : null,
                    $"no DS of {at} uses an algorithm and digest type this validator supports ({string.Join(", ", dsSet.Select(d => $"{d.KeyTag}/{d.Algorithm}/{d.DigestType}"))})");
            }

            var keyCandidates = Candidates(level.DnskeyAnswers, level.KeyServer, level.Dnskey);
            var keyLinks = keyCandidates.Select(c => (Candidate: c, Link: CheckKeys(verifier, c, at, level.Parent, usableDs, anchorKeys, now))).ToList();
            var chosenKeys = Choose(keyLinks, faults);
            evidence.Add(chosenKeys.Evidence);
            if (chosenKeys.Link.Status != ChainStatus.Secure)
            {
                return Verdict(chosenKeys.Link.Status, at, chosenKeys.Link.Record, chosenKeys.Link.KeyTag, chosenKeys.Link.Reason);
            }

            // Servers in a key rollover may serve different key sets; every set that validates is trusted below.
            trusted = [.. keyLinks.Where(k => k.Link.Status == ChainStatus.Secure).SelectMany(k => k.Link.Keys).Distinct()];
            path.Add(at);
        }

        if (chain.Levels.Count == 0 || chain.Levels[^1].Zone != zone)
        {
            return Verdict(ChainStatus.Indeterminate, chain.Levels.Count > 0 ? chain.Levels[^1].Zone : DomainName.Root, $"{zone} NS", null,
                $"the walk from the root did not reach {zone}: {chain.WalkProblem ?? "no delegation"}");
        }

        foreach (var (type, answers, single) in new[] { (RRType.SOA, chain.ZoneSoaAnswers, chain.ZoneSoa), (RRType.NS, chain.ZoneNsAnswers, chain.ZoneNs) })
        {
            var zoneKeys = trusted;
            var rrset = Choose(Candidates(answers, chain.ZoneServer, single), c => CheckZoneRrset(verifier, c, zone, type, zoneKeys, now), faults);
            evidence.Add(rrset.Evidence);
            if (rrset.Link.Status != ChainStatus.Secure)
            {
                return Verdict(rrset.Link.Status, zone, rrset.Link.Record, rrset.Link.KeyTag, rrset.Link.Reason);
            }
        }

        return Verdict(ChainStatus.Secure, zone, $"{zone} SOA", null, "every link validates");

        // The exchanges closest to the verdict come first in the evidence, the root's last.
        ChainVerdict Verdict(ChainStatus status, DomainName at, string record, ushort? keyTag, string reason) =>
            new(status, at, record, keyTag, reason, [.. path], [.. Enumerable.Reverse(evidence)]) { ServerFaults = [.. faults] };
    }

    /// <summary>The answers of every server asked, or the single one older facts (and replays of them) carry.</summary>
    private static IReadOnlyList<ServerExchange> Candidates(IReadOnlyList<ServerExchange> all, NameServerAddress? server, DnsExchangeOutcome? outcome) =>
        all.Count > 0 ? all : [new ServerExchange(server ?? new NameServerAddress(DomainName.Root, System.Net.IPAddress.None), outcome)];

    private static (Link Link, Evidence Evidence) Choose(IReadOnlyList<ServerExchange> candidates, Func<ServerExchange, Link> check, List<ServerChainFault> faults) =>
        Choose([.. candidates.Select(c => (c, check(c)))], faults);

    /// <summary>
    /// The link the chain follows: the first secure one, else the first insecure (a proven absence of DS), else the
    /// first bogus, else the first indeterminate. When one is secure, every bogus or insecure answer of another
    /// server is a fault of that server; a server that gave no usable answer is left to the connectivity checks.
    /// </summary>
    private static (Link Link, Evidence Evidence) Choose(List<(ServerExchange Candidate, Link Link)> links, List<ServerChainFault> faults)
    {
        var chosen = links.FirstOrDefault(l => l.Link.Status == ChainStatus.Secure);
        if (chosen.Link is null)
        {
            chosen = links.FirstOrDefault(l => l.Link.Status == ChainStatus.Insecure);
        }

        chosen = chosen.Link is not null ? chosen
            : links.FirstOrDefault(l => l.Link.Status == ChainStatus.Bogus) is { Link: not null } bogus ? bogus : links[0];
        if (chosen.Link.Status is ChainStatus.Secure or ChainStatus.Insecure)
        {
            foreach (var (candidate, link) in links)
            {
                if (link.Status == ChainStatus.Bogus || (link.Status == ChainStatus.Insecure && chosen.Link.Status == ChainStatus.Secure))
                {
                    faults.Add(new ServerChainFault(candidate.Server, link.Record, link.KeyTag, link.Reason, EvidenceBuilder.From(candidate.Server, candidate.Outcome)));
                }
            }
        }

        return (chosen.Link, EvidenceBuilder.From(chosen.Candidate.Server, chosen.Candidate.Outcome));
    }

    private static Link CheckDs(RrsigVerifier verifier, ServerExchange candidate, DomainName at, DomainName parent, IReadOnlyList<DnskeyRecordData> parentKeys, DateTimeOffset now)
    {
        if (candidate.Outcome.Answered() is not { ResponseCode: DnsResponseCode.NoError } dsAnswer)
        {
            return Link.Fail(ChainStatus.Indeterminate, $"{at} DS", null, $"{Name(candidate.Server)} of {parent} gave no usable answer to DS {at} ({Outcome(candidate.Outcome)})");
        }

        if (Rrset.FromSection(dsAnswer.Answers, at, RRType.DS) is not { } dsRrset)
        {
            var (proven, detail) = ProveNoDs(verifier, dsAnswer, at, parent, parentKeys, now);
            return proven
                ? Link.Fail(ChainStatus.Insecure, $"{at} DS", null, $"{parent} delegates {at} without a DS record ({detail})")
                : Link.Fail(ChainStatus.Bogus, $"{at} DS", null, $"{parent} publishes no DS for {at} and does not prove it: {detail}");
        }

        var signed = RrsigCheck.VerifyAny(verifier, dsRrset, Rrset.SignaturesFrom(dsAnswer.Answers, at, RRType.DS), parentKeys, parent, now);
        return signed.Valid
            ? new Link(ChainStatus.Secure, $"{at} DS", null, "", [.. dsRrset.Records.Cast<DsRecordData>()], [])
            : Link.Fail(ChainStatus.Bogus, $"{at} DS", signed.KeyTag, $"the DS RRset in {parent} is not validly signed: {signed.Reason}");
    }

    private static Link CheckKeys(RrsigVerifier verifier, ServerExchange candidate, DomainName at, DomainName? parent,
        List<DsRecordData> usableDs, IReadOnlyList<DnskeyRecordData> anchorKeys, DateTimeOffset now)
    {
        if (candidate.Outcome.Answered() is not { ResponseCode: DnsResponseCode.NoError } keyAnswer)
        {
            return Link.Fail(ChainStatus.Indeterminate, $"{at} DNSKEY", null, $"{Name(candidate.Server)} gave no usable answer to DNSKEY {at} ({Outcome(candidate.Outcome)})");
        }

        if (Rrset.FromSection(keyAnswer.Answers, at, RRType.DNSKEY) is not { } keyRrset)
        {
            return Link.Fail(ChainStatus.Bogus, $"{at} DNSKEY", usableDs.Count > 0 ? usableDs[0].KeyTag : null,
                $"{(parent is null ? "the trust anchor" : "the DS in " + parent)} names keys, but {Name(candidate.Server)} serves no DNSKEY for {at}");
        }

        var keys = keyRrset.Records.Cast<DnskeyRecordData>().ToList();
        var entry = keys.Where(k => !k.IsRevoked && k.IsZoneKey
            && (usableDs.Any(d => DsDigest.Match(d, at, k) == DsMatch.Match) || anchorKeys.Any(a => SameKey(a, k)))).ToList();
        if (entry.Count == 0)
        {
            var named = string.Join(", ", usableDs.Select(d => d.KeyTag).Concat(anchorKeys.Select(DnssecKeyTag.Compute)).Distinct());
            return Link.Fail(ChainStatus.Bogus, parent is null ? ". DNSKEY" : $"{at} DS", usableDs.Count > 0 ? usableDs[0].KeyTag : null,
                $"no DNSKEY of {at} matches {(parent is null ? "the trust anchor" : "the DS")} (key tags {named}; the zone serves {string.Join(", ", keys.Select(DnssecKeyTag.Compute))})");
        }

        var selfSigned = RrsigCheck.VerifyAny(verifier, keyRrset, Rrset.SignaturesFrom(keyAnswer.Answers, at, RRType.DNSKEY), entry, at, now);
        return selfSigned.Valid
            ? new Link(ChainStatus.Secure, $"{at} DNSKEY", null, "", [], [.. keys.Where(k => k.IsZoneKey && !k.IsRevoked)])
            : Link.Fail(ChainStatus.Bogus, $"{at} DNSKEY", selfSigned.KeyTag,
                $"the DNSKEY RRset has no valid signature by a key the {(parent is null ? "trust anchor" : "DS")} names: {selfSigned.Reason}");
    }

    private static Link CheckZoneRrset(RrsigVerifier verifier, ServerExchange candidate, DomainName zone, RRType type, IReadOnlyList<DnskeyRecordData> keys, DateTimeOffset now)
    {
        var record = $"{zone} {DnsMnemonics.ToText(type)}";
        if (candidate.Outcome.Answered() is not { ResponseCode: DnsResponseCode.NoError } m || Rrset.FromSection(m.Answers, zone, type) is not { } rrset)
        {
            return Link.Fail(ChainStatus.Indeterminate, record, null, $"{Name(candidate.Server)} gave no {DnsMnemonics.ToText(type)} RRset ({Outcome(candidate.Outcome)})");
        }

        var signed = RrsigCheck.VerifyAny(verifier, rrset, Rrset.SignaturesFrom(m.Answers, zone, type), keys, zone, now);
        return signed.Valid
            ? new Link(ChainStatus.Secure, record, null, "", [], [])
            : Link.Fail(ChainStatus.Bogus, record, signed.KeyTag, $"the {DnsMnemonics.ToText(type)} RRset has no valid signature by the zone's keys: {signed.Reason}");
    }

    /// <summary>One link judged on one server's answer: Secure carries what it proved (the DS set or the zone's keys).</summary>
    private sealed record Link(ChainStatus Status, string Record, ushort? KeyTag, string Reason, IReadOnlyList<DsRecordData> Ds, IReadOnlyList<DnskeyRecordData> Keys)
    {
        public static Link Fail(ChainStatus status, string record, ushort? keyTag, string reason) => new(status, record, keyTag, reason, [], []);
    }

    /// <summary>
    /// The parent's NODATA answer to DS must carry NSEC or NSEC3 records that prove no DS exists (an opt-out
    /// NSEC3 counts: the delegation is then unsigned by definition), each validly signed by the parent's keys.
    /// </summary>
    private static (bool Proven, string Detail) ProveNoDs(RrsigVerifier verifier, DnsMessage answer, DomainName child, DomainName parent, IReadOnlyList<DnskeyRecordData> parentKeys, DateTimeOffset now)
    {
        var nsecs = NsecDenial.Collect(answer.Authority);
        var nsec3s = Nsec3Denial.Collect(answer.Authority);
        DenialResult proof;
        IEnumerable<(DomainName Owner, RRType Type)> proofRecords;
        if (nsecs.Count > 0)
        {
            proof = NsecDenial.ProveNoData(child, RRType.DS, nsecs);
            proofRecords = nsecs.Select(n => (n.Owner, RRType.NSEC));
        }
        else if (nsec3s.Count > 0)
        {
            proof = Nsec3Denial.ProveNoData(child, RRType.DS, parent, nsec3s);
            proofRecords = nsec3s.Select(n => (n.Owner, RRType.NSEC3));
        }
        else
        {
            return (false, "the answer carries no NSEC or NSEC3 record");
        }

        if (!proof.IsProven)
        {
            return (false, proof.ToString());
        }

        foreach (var (owner, type) in proofRecords.Distinct())
        {
            var rrset = Rrset.FromSection(answer.Authority, owner, type)!;
            var signed = RrsigCheck.VerifyAny(verifier, rrset, Rrset.SignaturesFrom(answer.Authority, owner, type), parentKeys, parent, now);
            if (!signed.Valid)
            {
                return (false, $"the {DnsMnemonics.ToText(type)} at {owner} is not validly signed: {signed.Reason}");
            }
        }

        return (true, $"absence proven by signed {(nsecs.Count > 0 ? "NSEC" : "NSEC3")}{(proof.OptOut ? " with opt-out" : "")}");
    }

    private static bool SameKey(DnskeyRecordData a, DnskeyRecordData b) =>
        a.Algorithm == b.Algorithm && a.Protocol == b.Protocol && (a.Flags & ~0x0080) == (b.Flags & ~0x0080) && a.PublicKey.Span.SequenceEqual(b.PublicKey.Span);

    private static string Name(NameServerAddress? server) => server?.ToString() ?? "no server";

    private static string Outcome(DnsExchangeOutcome? outcome) => outcome is null ? "not asked" : EvidenceBuilder.Describe(outcome);
}

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
/// at the zone, SOA and NS signed by the zone's keys. Pure: no IO, time from the caller.
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
        IReadOnlyList<DnskeyRecordData> trusted = [];
        foreach (var level in chain.Levels)
        {
            var at = level.Zone;
            if (level.DsServer is { } dsServer)
            {
                evidence.Add(EvidenceBuilder.From(dsServer, level.Ds));
            }

            IReadOnlyList<DsRecordData> dsSet;
            IReadOnlyList<DnskeyRecordData> anchorKeys = [];
            if (level.Parent is not { } parent)
            {
                (dsSet, anchorKeys) = (chain.AnchorDs, chain.AnchorKeys);
            }
            else
            {
                if (level.Ds.Answered() is not { ResponseCode: DnsResponseCode.NoError } dsAnswer)
                {
                    return Verdict(ChainStatus.Indeterminate, at, $"{at} DS", null, $"{Name(level.DsServer)} of {parent} gave no usable answer to DS {at} ({Outcome(level.Ds)})");
                }

                if (Rrset.FromSection(dsAnswer.Answers, at, RRType.DS) is not { } dsRrset)
                {
                    var (proven, detail) = ProveNoDs(verifier, dsAnswer, at, parent, trusted, now);
                    return proven
                        ? Verdict(ChainStatus.Insecure, at, $"{at} DS", null, $"{parent} delegates {at} without a DS record ({detail})")
                        : Verdict(ChainStatus.Bogus, at, $"{at} DS", null, $"{parent} publishes no DS for {at} and does not prove it: {detail}");
                }

                var signed = RrsigCheck.VerifyAny(verifier, dsRrset, Rrset.SignaturesFrom(dsAnswer.Answers, at, RRType.DS), trusted, parent, now);
                if (!signed.Valid)
                {
                    return Verdict(ChainStatus.Bogus, at, $"{at} DS", signed.KeyTag, $"the DS RRset in {parent} is not validly signed: {signed.Reason}");
                }

                dsSet = [.. dsRrset.Records.Cast<DsRecordData>()];
            }

            if (level.KeyServer is { } keyServer)
            {
                evidence.Add(EvidenceBuilder.From(keyServer, level.Dnskey));
            }

            var usableDs = dsSet.Where(d => DnssecAlgorithms.IsImplemented(d.Algorithm) && DsDigest.IsSupported(d.DigestType)).ToList();
            if (usableDs.Count == 0 && anchorKeys.Count == 0)
            {
                // RFC 4035 §5.2: a DS set with no supported algorithm or digest is treated as insecure.
                return Verdict(ChainStatus.Insecure, at, $"{at} DS", dsSet.Count > 0 ? dsSet[0].KeyTag : null,
                    $"no DS of {at} uses an algorithm and digest type this validator supports ({string.Join(", ", dsSet.Select(d => $"{d.KeyTag}/{d.Algorithm}/{d.DigestType}"))})");
            }

            if (level.Dnskey.Answered() is not { ResponseCode: DnsResponseCode.NoError } keyAnswer)
            {
                return Verdict(ChainStatus.Indeterminate, at, $"{at} DNSKEY", null, $"{Name(level.KeyServer)} gave no usable answer to DNSKEY {at} ({Outcome(level.Dnskey)})");
            }

            if (Rrset.FromSection(keyAnswer.Answers, at, RRType.DNSKEY) is not { } keyRrset)
            {
                return Verdict(ChainStatus.Bogus, at, $"{at} DNSKEY", usableDs.Count > 0 ? usableDs[0].KeyTag : null,
                    $"{(level.Parent is null ? "the trust anchor" : "the DS in " + level.Parent)} names keys, but {Name(level.KeyServer)} serves no DNSKEY for {at}");
            }

            var keys = keyRrset.Records.Cast<DnskeyRecordData>().ToList();
            var entry = keys.Where(k => !k.IsRevoked && k.IsZoneKey
                && (usableDs.Any(d => DsDigest.Match(d, at, k) == DsMatch.Match) || anchorKeys.Any(a => SameKey(a, k)))).ToList();
            if (entry.Count == 0)
            {
                var named = string.Join(", ", usableDs.Select(d => d.KeyTag).Concat(anchorKeys.Select(DnssecKeyTag.Compute)).Distinct());
                return Verdict(ChainStatus.Bogus, at, level.Parent is null ? ". DNSKEY" : $"{at} DS", usableDs.Count > 0 ? usableDs[0].KeyTag : null,
                    $"no DNSKEY of {at} matches {(level.Parent is null ? "the trust anchor" : "the DS")} (key tags {named}; the zone serves {string.Join(", ", keys.Select(DnssecKeyTag.Compute))})");
            }

            var selfSigned = RrsigCheck.VerifyAny(verifier, keyRrset, Rrset.SignaturesFrom(keyAnswer.Answers, at, RRType.DNSKEY), entry, at, now);
            if (!selfSigned.Valid)
            {
                return Verdict(ChainStatus.Bogus, at, $"{at} DNSKEY", selfSigned.KeyTag,
                    $"the DNSKEY RRset has no valid signature by a key the {(level.Parent is null ? "trust anchor" : "DS")} names: {selfSigned.Reason}");
            }

            trusted = [.. keys.Where(k => k.IsZoneKey && !k.IsRevoked)];
            path.Add(at);
        }

        if (chain.Levels.Count == 0 || chain.Levels[^1].Zone != zone)
        {
            return Verdict(ChainStatus.Indeterminate, chain.Levels.Count > 0 ? chain.Levels[^1].Zone : DomainName.Root, $"{zone} NS", null,
                $"the walk from the root did not reach {zone}: {chain.WalkProblem ?? "no delegation"}");
        }

        if (chain.ZoneServer is { } zoneServer)
        {
            evidence.Add(EvidenceBuilder.From(zoneServer, chain.ZoneSoa));
            evidence.Add(EvidenceBuilder.From(zoneServer, chain.ZoneNs));
        }

        foreach (var (type, outcome) in new[] { (RRType.SOA, chain.ZoneSoa), (RRType.NS, chain.ZoneNs) })
        {
            var record = $"{zone} {DnsMnemonics.ToText(type)}";
            if (outcome.Answered() is not { ResponseCode: DnsResponseCode.NoError } m || Rrset.FromSection(m.Answers, zone, type) is not { } rrset)
            {
                return Verdict(ChainStatus.Indeterminate, zone, record, null, $"{Name(chain.ZoneServer)} gave no {DnsMnemonics.ToText(type)} RRset ({Outcome(outcome)})");
            }

            var signed = RrsigCheck.VerifyAny(verifier, rrset, Rrset.SignaturesFrom(m.Answers, zone, type), trusted, zone, now);
            if (!signed.Valid)
            {
                return Verdict(ChainStatus.Bogus, zone, record, signed.KeyTag, $"the {DnsMnemonics.ToText(type)} RRset has no valid signature by the zone's keys: {signed.Reason}");
            }
        }

        return Verdict(ChainStatus.Secure, zone, $"{zone} SOA", null, "every link validates");

        // The exchanges closest to the verdict come first in the evidence, the root's last.
        ChainVerdict Verdict(ChainStatus status, DomainName at, string record, ushort? keyTag, string reason) =>
            new(status, at, record, keyTag, reason, [.. path], [.. Enumerable.Reverse(evidence)]);
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

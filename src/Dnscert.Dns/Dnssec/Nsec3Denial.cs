using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// NSEC3 denial of existence (RFC 5155 §8): the closest encloser proof (a matching NSEC3 for the closest
/// encloser and a covering NSEC3 for the next closer name), and on top of it the NXDOMAIN, NODATA, DS and
/// wildcard proofs. As with <see cref="NsecDenial"/>, the NSEC3 signatures are the caller's to verify.
/// </summary>
public static class Nsec3Denial
{
    /// <summary>
    /// Default iteration limit: RFC 5155 §10.3's ceiling for the largest keys. Hashing costs iterations + 1
    /// SHA-1 runs per name tried, so a hostile 65535-iteration chain and a deep name would cost seconds.
    /// </summary>
    public const int DefaultMaxIterations = 2500;

    /// <summary>The NSEC3 records of <paramref name="section"/> with their owners.</summary>
    public static List<(DomainName Owner, Nsec3RecordData Data)> Collect(ReadOnlySpan<DnsRecord> section)
    {
        var list = new List<(DomainName, Nsec3RecordData)>();
        foreach (var record in section)
        {
            if (record.Type == RRType.NSEC3 && record.GetData() is Nsec3RecordData data)
            {
                list.Add((record.Owner, data));
            }
        }

        return list;
    }

    /// <summary>NXDOMAIN (§8.4): closest encloser proof, and an NSEC3 covering the wildcard at the closest encloser.</summary>
    public static DenialResult ProveNameError(DomainName qname, DomainName zone, IReadOnlyList<(DomainName Owner, Nsec3RecordData Data)> nsec3s, int maxIterations = DefaultMaxIterations)
    {
        var chain = Chain.Build(zone, nsec3s, maxIterations, out var problem);
        if (chain is null)
        {
            return problem!;
        }

        if (chain.Match(qname) is { } exists)
        {
            return new DenialResult(DenialStatus.NameExists, $"The NSEC3 {exists.Owner} matches {qname}, so the name exists.");
        }

        var proof = ClosestEncloserProof(qname, chain);
        return proof.IsProven ? WildcardDenied(chain, proof) : proof;
    }

    /// <summary>
    /// NODATA (§8.5-8.7): an NSEC3 matching <paramref name="qname"/> without the type and CNAME; for DS without a
    /// match, a closest encloser proof whose next closer cover has opt-out; otherwise a wildcard NODATA proof.
    /// </summary>
    public static DenialResult ProveNoData(DomainName qname, RRType qtype, DomainName zone, IReadOnlyList<(DomainName Owner, Nsec3RecordData Data)> nsec3s, int maxIterations = DefaultMaxIterations)
    {
        var chain = Chain.Build(zone, nsec3s, maxIterations, out var problem);
        if (chain is null)
        {
            return problem!;
        }

        if (chain.Match(qname) is { } match)
        {
            return CheckBitmap(match, qtype, qname);
        }

        var proof = ClosestEncloserProof(qname, chain);
        if (!proof.IsProven)
        {
            return proof;
        }

        if (qtype == RRType.DS)
        {
            return proof.OptOut
                ? proof with { Detail = $"No DS at {qname}: the next closer name is covered by an opt-out NSEC3, so any delegation there is unsigned." }
                : new DenialResult(DenialStatus.MissingMatchingRecord, $"No NSEC3 matches {qname} and the covering NSEC3 has no opt-out flag.") { ClosestEncloser = proof.ClosestEncloser, NextCloser = proof.NextCloser };
        }

        var wildcard = DomainNames.Wildcard(proof.ClosestEncloser!.Value);
        return chain.Match(wildcard) is { } wildcardMatch
            ? CheckBitmap(wildcardMatch, qtype, wildcard) with { ViaWildcard = true, ClosestEncloser = proof.ClosestEncloser, NextCloser = proof.NextCloser }
            : new DenialResult(DenialStatus.MissingMatchingRecord, $"No NSEC3 matches {qname}, nor the wildcard {wildcard}.") { ClosestEncloser = proof.ClosestEncloser };
    }

    /// <summary>
    /// A positive answer synthesised from a wildcard (§8.8): <paramref name="rrsigLabels"/> is the RRSIG Labels
    /// field of the answer, which gives the closest encloser; the next closer name must be covered.
    /// </summary>
    public static DenialResult ProveWildcardAnswer(DomainName qname, byte rrsigLabels, DomainName zone, IReadOnlyList<(DomainName Owner, Nsec3RecordData Data)> nsec3s, int maxIterations = DefaultMaxIterations)
    {
        var chain = Chain.Build(zone, nsec3s, maxIterations, out var problem);
        if (chain is null)
        {
            return problem!;
        }

        if (rrsigLabels >= qname.LabelCount)
        {
            return new DenialResult(DenialStatus.NameExists, $"The RRSIG Labels field {rrsigLabels} says {qname} was not synthesised from a wildcard.");
        }

        var encloser = DomainNames.Suffix(qname, rrsigLabels);
        var nextCloser = DomainNames.Suffix(qname, rrsigLabels + 1);
        return chain.Cover(nextCloser) is { } cover
            ? new DenialResult(DenialStatus.Proven, $"The NSEC3 {cover.Owner} covers the next closer name {nextCloser}.") { OptOut = cover.Data.OptOut, ClosestEncloser = encloser, NextCloser = nextCloser }
            : new DenialResult(DenialStatus.MissingNextCloserCover, $"No NSEC3 covers the next closer name {nextCloser}.") { ClosestEncloser = encloser, NextCloser = nextCloser };
    }

    // §8.3: walk up from qname to the zone; the first ancestor with a matching NSEC3 is the closest encloser,
    // and the name one label longer towards qname (the next closer name) must be covered.
    private static DenialResult ClosestEncloserProof(DomainName qname, Chain chain)
    {
        var candidate = qname;
        var nextCloser = qname;
        while (true)
        {
            if (chain.Match(candidate) is { } match)
            {
                if (candidate == qname)
                {
                    return new DenialResult(DenialStatus.NameExists, $"The NSEC3 {match.Owner} matches {qname}.");
                }

                var types = match.Data.Types;
                if (types.Contains(RRType.DNAME) || (types.Contains(RRType.NS) && !types.Contains(RRType.SOA)))
                {
                    return new DenialResult(DenialStatus.DelegationOrDname, $"The closest encloser {candidate} is a delegation or DNAME; names below it belong elsewhere.") { ClosestEncloser = candidate };
                }

                return chain.Cover(nextCloser) is { } cover
                    ? new DenialResult(DenialStatus.Proven, $"Closest encloser {candidate}; the NSEC3 {cover.Owner} covers the next closer name {nextCloser}.") { OptOut = cover.Data.OptOut, ClosestEncloser = candidate, NextCloser = nextCloser }
                    : new DenialResult(DenialStatus.MissingNextCloserCover, $"Closest encloser {candidate}, but no NSEC3 covers the next closer name {nextCloser}.") { ClosestEncloser = candidate, NextCloser = nextCloser };
            }

            if (candidate == chain.Zone || candidate.IsRoot)
            {
                return new DenialResult(DenialStatus.MissingClosestEncloser, $"No NSEC3 matches {qname} or any of its ancestors up to {chain.Zone}.");
            }

            nextCloser = candidate;
            candidate = candidate.Parent;
        }
    }

    private static DenialResult WildcardDenied(Chain chain, DenialResult proof)
    {
        var wildcard = DomainNames.Wildcard(proof.ClosestEncloser!.Value);
        if (chain.Match(wildcard) is not null)
        {
            return proof with { Status = DenialStatus.WildcardExists, Detail = $"The wildcard {wildcard} exists." };
        }

        return chain.Cover(wildcard) is { } cover
            ? proof with { Detail = proof.Detail + $" The NSEC3 {cover.Owner} covers the wildcard {wildcard}." }
            : proof with { Status = DenialStatus.MissingWildcardCover, Detail = $"No NSEC3 covers the wildcard {wildcard}." };
    }

    private static DenialResult CheckBitmap((DomainName Owner, Nsec3RecordData Data) nsec3, RRType qtype, DomainName name)
    {
        var types = nsec3.Data.Types;
        if (types.Contains(qtype))
        {
            return new DenialResult(DenialStatus.TypePresent, $"The NSEC3 {nsec3.Owner} for {name} lists {DnsMnemonics.ToText(qtype)}.");
        }

        return types.Contains(RRType.CNAME)
            ? new DenialResult(DenialStatus.CnamePresent, $"The NSEC3 {nsec3.Owner} for {name} lists CNAME.")
            : new DenialResult(DenialStatus.Proven, $"The NSEC3 {nsec3.Owner} matches {name} and does not list {DnsMnemonics.ToText(qtype)}.");
    }

    /// <summary>The usable NSEC3s of one zone with their decoded owner hashes and the common parameters.</summary>
    private sealed class Chain
    {
        private readonly List<(DomainName Owner, Nsec3RecordData Data, byte[] Hash)> _records;
        private readonly ushort _iterations;
        private readonly byte[] _salt;
        private readonly Dictionary<DomainName, byte[]> _hashes = [];

        private Chain(DomainName zone, List<(DomainName, Nsec3RecordData, byte[])> records, ushort iterations, byte[] salt)
        {
            Zone = zone;
            _records = records;
            _iterations = iterations;
            _salt = salt;
        }

        public DomainName Zone { get; }

        // Only records whose owner is <base32hex label>.<zone> take part; others belong to other zones.
        public static Chain? Build(DomainName zone, IReadOnlyList<(DomainName Owner, Nsec3RecordData Data)> nsec3s, int maxIterations, out DenialResult? problem)
        {
            ArgumentNullException.ThrowIfNull(nsec3s);
            problem = null;
            var records = new List<(DomainName, Nsec3RecordData, byte[])>();
            foreach (var (owner, data) in nsec3s)
            {
                if (owner.IsRoot || owner.Parent != zone || !Base32Hex.TryDecode(owner.GetLabel(0), out var hash))
                {
                    continue;
                }

                if (!Nsec3Hash.IsSupported(data.HashAlgorithm))
                {
                    problem = new DenialResult(DenialStatus.UnsupportedHashAlgorithm, $"The NSEC3 {owner} uses hash algorithm {data.HashAlgorithm}.");
                    return null;
                }

                records.Add((owner, data, hash));
            }

            if (records.Count == 0)
            {
                problem = new DenialResult(DenialStatus.NoRecords, $"No NSEC3 records of {zone} were given.");
                return null;
            }

            var first = records[0].Item2;
            if (records.Any(r => r.Item2.Iterations != first.Iterations || !r.Item2.Salt.Span.SequenceEqual(first.Salt.Span)))
            {
                problem = new DenialResult(DenialStatus.InconsistentParameters, $"The NSEC3 records of {zone} disagree on iterations or salt.");
                return null;
            }

            if (first.Iterations > maxIterations)
            {
                problem = new DenialResult(DenialStatus.TooManyIterations, $"The NSEC3 records of {zone} use {first.Iterations} iterations, above the limit of {maxIterations}.");
                return null;
            }

            return new Chain(zone, records, first.Iterations, first.Salt.ToArray());
        }

        public (DomainName Owner, Nsec3RecordData Data)? Match(DomainName name)
        {
            var hash = HashOf(name);
            foreach (var (owner, data, ownerHash) in _records)
            {
                if (ownerHash.AsSpan().SequenceEqual(hash))
                {
                    return (owner, data);
                }
            }

            return null;
        }

        public (DomainName Owner, Nsec3RecordData Data)? Cover(DomainName name)
        {
            var hash = HashOf(name);
            foreach (var (owner, data, ownerHash) in _records)
            {
                if (Nsec3Hash.Covers(ownerHash, data.NextHashedOwner.Span, hash))
                {
                    return (owner, data);
                }
            }

            return null;
        }

        // Match and Cover are asked about the same names; each hash is computed once per chain.
        private byte[] HashOf(DomainName name)
        {
            if (!_hashes.TryGetValue(name, out var hash))
            {
                hash = Nsec3Hash.Compute(name, Nsec3Hash.Sha1, _iterations, _salt);
                _hashes.Add(name, hash);
            }

            return hash;
        }
    }
}

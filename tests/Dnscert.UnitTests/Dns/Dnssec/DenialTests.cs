using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Dns.Dnssec;

/// <summary>
/// The example zone of RFC 4035 Appendix A and RFC 5155 Appendix A (names and types), with its NSEC and
/// NSEC3 (salt aabbccdd, 12 iterations, opt-out, c.example left out as an unsigned delegation) chains built
/// here; the expected outcomes are those of the RFCs' Appendix B responses.
/// </summary>
public sealed class DenialTests
{
    private static readonly DomainName s_zone = DomainName.Parse("example.");
    private static readonly byte[] s_salt = Convert.FromHexString("aabbccdd");

    private static readonly (string Name, RRType[] Types)[] s_names =
    [
        ("example.", [RRType.NS, RRType.SOA, RRType.MX, RRType.RRSIG, RRType.DNSKEY, RRType.NSEC3PARAM]),
        ("a.example.", [RRType.NS, RRType.DS, RRType.RRSIG]),
        ("ai.example.", [RRType.A, RRType.HINFO, RRType.AAAA, RRType.RRSIG]),
        ("ns1.example.", [RRType.A, RRType.RRSIG]),
        ("ns2.example.", [RRType.A, RRType.RRSIG]),
        ("w.example.", []),
        ("*.w.example.", [RRType.MX, RRType.RRSIG]),
        ("x.w.example.", [RRType.MX, RRType.RRSIG]),
        ("y.w.example.", []),
        ("x.y.w.example.", [RRType.MX, RRType.RRSIG]),
        ("xx.example.", [RRType.A, RRType.HINFO, RRType.AAAA, RRType.RRSIG]),
    ];

    [Fact]
    public void NSEC3_proves_the_RFC_5155_B1_name_error_with_opt_out()
    {
        var result = Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, Nsec3Chain());
        Assert.Equal(DenialStatus.Proven, result.Status);
        Assert.Equal(DomainName.Parse("x.w.example."), result.ClosestEncloser);
        Assert.Equal(DomainName.Parse("c.x.w.example."), result.NextCloser);
        Assert.True(result.OptOut);
    }

    [Fact]
    public void NSEC3_proves_no_data_at_a_name_and_at_an_empty_non_terminal()
    {
        Assert.Equal(DenialStatus.Proven, Nsec3Denial.ProveNoData(DomainName.Parse("ns1.example."), RRType.MX, s_zone, Nsec3Chain()).Status);
        Assert.Equal(DenialStatus.Proven, Nsec3Denial.ProveNoData(DomainName.Parse("y.w.example."), RRType.A, s_zone, Nsec3Chain()).Status);
        Assert.Equal(DenialStatus.TypePresent, Nsec3Denial.ProveNoData(DomainName.Parse("x.w.example."), RRType.MX, s_zone, Nsec3Chain()).Status);
    }

    [Fact]
    public void NSEC3_proves_the_missing_DS_of_an_opt_out_delegation()
    {
        var result = Nsec3Denial.ProveNoData(DomainName.Parse("c.example."), RRType.DS, s_zone, Nsec3Chain());
        Assert.Equal(DenialStatus.Proven, result.Status);
        Assert.True(result.OptOut);
        Assert.Equal(DenialStatus.MissingMatchingRecord, Nsec3Denial.ProveNoData(DomainName.Parse("c.example."), RRType.DS, s_zone, Nsec3Chain(optOut: false)).Status);
    }

    [Fact]
    public void NSEC3_proves_a_wildcard_answer_and_a_wildcard_no_data()
    {
        var qname = DomainName.Parse("a.z.w.example.");
        Assert.Equal(DenialStatus.Proven, Nsec3Denial.ProveWildcardAnswer(qname, 2, s_zone, Nsec3Chain()).Status);
        var noData = Nsec3Denial.ProveNoData(qname, RRType.AAAA, s_zone, Nsec3Chain());
        Assert.Equal(DenialStatus.Proven, noData.Status);
        Assert.True(noData.ViaWildcard);
        Assert.Equal(DomainName.Parse("w.example."), noData.ClosestEncloser);
    }

    [Fact]
    public void NSEC3_names_the_missing_piece()
    {
        var chain = Nsec3Chain();
        Assert.Equal(DenialStatus.NameExists, Nsec3Denial.ProveNameError(DomainName.Parse("ns1.example."), s_zone, chain).Status);
        Assert.Equal(DenialStatus.WildcardExists, Nsec3Denial.ProveNameError(DomainName.Parse("a.z.w.example."), s_zone, chain).Status);

        var withoutEncloser = chain.Where(n => n.Owner != HashedOwner("x.w.example.")).ToList();
        var noEncloser = Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, withoutEncloser);
        Assert.Equal(DenialStatus.MissingNextCloserCover, noEncloser.Status);
        Assert.Equal(DomainName.Parse("w.example."), noEncloser.ClosestEncloser);

        var wildcardHash = Nsec3Hash.Compute(DomainName.Parse("*.x.w.example."), 1, 12, s_salt);
        var withoutWildcardCover = chain.Where(n => !Covers(n, wildcardHash)).ToList();
        Assert.Equal(DenialStatus.MissingWildcardCover, Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, withoutWildcardCover).Status);

        Assert.Equal(DenialStatus.MissingClosestEncloser, Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, [.. chain.Where(n => n.Owner == HashedOwner("ns1.example."))]).Status);
        Assert.Equal(DenialStatus.NoRecords, Nsec3Denial.ProveNameError(DomainName.Parse("nx.other."), DomainName.Parse("other."), chain).Status);

        var mixed = chain.Select((n, i) => i == 0 ? (n.Owner, new Nsec3RecordData(1, 1, 5, s_salt, n.Data.NextHashedOwner, n.Data.Types)) : n).ToList();
        Assert.Equal(DenialStatus.InconsistentParameters, Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, mixed).Status);
        Assert.Equal(DenialStatus.TooManyIterations, Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, chain, maxIterations: 11).Status);
        var gost = chain.Select((n, i) => i == 0 ? (n.Owner, new Nsec3RecordData(2, 1, 12, s_salt, n.Data.NextHashedOwner, n.Data.Types)) : n).ToList();
        Assert.Equal(DenialStatus.UnsupportedHashAlgorithm, Nsec3Denial.ProveNameError(DomainName.Parse("a.c.x.w.example."), s_zone, gost).Status);
    }

    [Fact]
    public void NSEC_proves_the_RFC_4035_name_error_no_data_and_wildcard_cases()
    {
        var chain = NsecChain();
        var nx = NsecDenial.ProveNameError(DomainName.Parse("ml.example."), chain);
        Assert.Equal(DenialStatus.Proven, nx.Status);
        Assert.Equal(s_zone, nx.ClosestEncloser);
        Assert.Equal(DenialStatus.Proven, NsecDenial.ProveNoData(DomainName.Parse("ns1.example."), RRType.MX, chain).Status);
        Assert.Equal(DenialStatus.Proven, NsecDenial.ProveNoData(DomainName.Parse("y.w.example."), RRType.A, chain).Status);
        Assert.Equal(DenialStatus.Proven, NsecDenial.ProveWildcardAnswer(DomainName.Parse("a.z.w.example."), 2, chain).Status);
        var wildcardNoData = NsecDenial.ProveNoData(DomainName.Parse("a.z.w.example."), RRType.AAAA, chain);
        Assert.Equal(DenialStatus.Proven, wildcardNoData.Status);
        Assert.True(wildcardNoData.ViaWildcard);
    }

    [Fact]
    public void NSEC_names_the_missing_piece()
    {
        var chain = NsecChain();
        Assert.Equal(DenialStatus.NameExists, NsecDenial.ProveNameError(DomainName.Parse("ns1.example."), chain).Status);
        Assert.Equal(DenialStatus.NameExists, NsecDenial.ProveNameError(DomainName.Parse("y.w.example."), chain).Status);
        Assert.Equal(DenialStatus.WildcardExists, NsecDenial.ProveNameError(DomainName.Parse("a.z.w.example."), chain).Status);
        Assert.Equal(DenialStatus.TypePresent, NsecDenial.ProveNoData(DomainName.Parse("ns1.example."), RRType.A, chain).Status);
        Assert.Equal(DenialStatus.DelegationOrDname, NsecDenial.ProveNameError(DomainName.Parse("mc.b.example."), chain).Status);
        Assert.Equal(DenialStatus.DelegationOrDname, NsecDenial.ProveNoData(DomainName.Parse("b.example."), RRType.A, chain).Status);
        Assert.Equal(DenialStatus.Proven, NsecDenial.ProveNoData(DomainName.Parse("b.example."), RRType.DS, chain).Status);

        var onlyNameCover = chain.Where(n => n.Owner == DomainName.Parse("b.example.")).ToList();
        Assert.Equal(DenialStatus.MissingWildcardCover, NsecDenial.ProveNameError(DomainName.Parse("ml.example."), onlyNameCover).Status);
        var noCover = chain.Where(n => n.Owner != DomainName.Parse("b.example.")).ToList();
        Assert.Equal(DenialStatus.MissingNameCover, NsecDenial.ProveNameError(DomainName.Parse("ml.example."), noCover).Status);
        Assert.Equal(DenialStatus.NoRecords, NsecDenial.ProveNameError(DomainName.Parse("ml.example."), []).Status);
    }

    [Fact]
    public void NSEC_cover_wraps_around_at_the_end_of_the_chain()
    {
        var last = DomainName.Parse("xx.example.");
        Assert.True(NsecDenial.Covers(last, s_zone, DomainName.Parse("z.example.")));
        Assert.False(NsecDenial.Covers(last, s_zone, DomainName.Parse("b.example.")));
    }

    private static bool Covers((DomainName Owner, Nsec3RecordData Data) nsec3, byte[] hash) =>
        Base32Hex.TryDecode(nsec3.Owner.GetLabel(0), out var owner) && Nsec3Hash.Covers(owner, nsec3.Data.NextHashedOwner.Span, hash);

    private static DomainName HashedOwner(string name) =>
        DomainName.Parse(Nsec3Hash.ComputeLabel(DomainName.Parse(name), 12, s_salt) + ".example.");

    private static List<(DomainName Owner, Nsec3RecordData Data)> Nsec3Chain(bool optOut = true)
    {
        var hashed = s_names
            .Select(n => (Hash: Nsec3Hash.Compute(DomainName.Parse(n.Name), 1, 12, s_salt), n.Types))
            .OrderBy(h => h.Hash, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToList();
        return [.. hashed.Select((h, i) => (
            DomainName.Parse(Base32Hex.Encode(h.Hash) + ".example."),
            new Nsec3RecordData(1, optOut ? (byte)1 : (byte)0, 12, s_salt, hashed[(i + 1) % hashed.Count].Hash, h.Types)))];
    }

    // RFC 4035's zone also has b.example, an unsigned delegation that NSEC (unlike opt-out NSEC3) lists.
    private static List<(DomainName Owner, NsecRecordData Data)> NsecChain()
    {
        var names = s_names.Where(n => n.Types.Length > 0)
            .Select(n => (Name: DomainName.Parse(n.Name), n.Types))
            .Append((Name: DomainName.Parse("b.example."), Types: new[] { RRType.NS, RRType.RRSIG }))
            .OrderBy(n => n.Name)
            .ToList();
        return [.. names.Select((n, i) => (n.Name, new NsecRecordData(names[(i + 1) % names.Count].Name, [.. n.Types, RRType.NSEC])))];
    }
}

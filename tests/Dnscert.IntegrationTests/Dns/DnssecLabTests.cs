using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Dns;

/// <summary>
/// The DNSSEC primitives against an independent signer and the real lab: fixture zones are signed at test time
/// with BIND's dnssec-keygen/dnssec-signzone (no network), every RRSIG in them must verify, key tags and DS
/// digests must equal BIND's, and the denial proofs must hold on its NSEC and NSEC3 chains. Then the lab's
/// signed scenarios are queried over TCP with DO=1 and judged with the keys they serve.
/// </summary>
public sealed partial class DnssecLabTests(LabFixture lab)
{
    private const string Fixture = """
        $TTL 300
        @ IN SOA ns1.Fixture.test. Host.Master.fixture.test. 1 3600 600 86400 300
        @ IN NS ns1
        @ IN NS ns2.Fixture.test.
        @ IN MX 10 Mail
        ns1 IN A 127.0.0.1
        ns2 IN A 127.0.0.2
        mail IN A 192.0.2.25
        www IN A 192.0.2.1
        www IN A 192.0.2.2
        www IN AAAA 2001:db8::1
        *.wild IN TXT "wildcard"
        txt IN TXT "a" "b"
        alias IN CNAME www
        _sip._tcp IN SRV 0 5 5060 Sip
        sub IN NS ns.sub
        ns.sub IN A 192.0.2.53
        """;

    private static readonly DomainName s_zone = DomainName.Parse("fixture.test.");
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    public static TheoryData<byte, bool> Signings() => new()
    {
        { 8, false }, { 8, true }, { 13, false }, { 13, true }, { 15, false }, { 15, true }, { 16, false }, { 16, true }, { 5, false },
    };

    [Theory]
    [MemberData(nameof(Signings))]
    public async Task Every_RRSIG_of_a_BIND_signed_zone_verifies_and_tags_and_DS_equal_BIND_s(byte algorithm, bool nsec3)
    {
        TestEnvironment.RequireTools("dnssec-keygen", "dnssec-signzone", "dnssec-dsfromkey");
        if (!DnssecAlgorithms.IsSupportedByPlatform(algorithm))
        {
            // Where OpenSSL refuses SHA-1, BIND cannot make these keys either; the unit tests cover the refusal.
            Assert.Skip($"algorithm {algorithm} is unsupported by this platform's crypto library");
        }

        var dir = Directory.CreateTempSubdirectory("dnscert-dnssec-").FullName;
        try
        {
            var records = await SignAsync(dir, algorithm, nsec3);
            var keys = records.Where(r => r.Data is DnskeyRecordData).Select(r => (DnskeyRecordData)r.Data).ToList();
            Assert.Equal(2, keys.Count);
            await CompareWithDsFromKeyAsync(dir, keys);

            var now = TimeProvider.System.GetUtcNow();
            var verifier = new RrsigVerifier();
            var results = new List<(string What, SignatureResult Result)>();
            foreach (var (owner, rrsig) in records.Where(r => r.Data is RrsigRecordData).Select(r => (r.Owner, (RrsigRecordData)r.Data)))
            {
                var rrset = RrsetOf(records, owner, rrsig.TypeCovered);
                var key = keys.Single(k => DnssecKeyTag.Compute(k) == rrsig.KeyTag);
                results.Add(($"{owner} {rrsig.TypeCovered}", verifier.Verify(rrset, rrsig, key, s_zone, now)));
            }

            Assert.True(results.Count > 15, $"only {results.Count} signatures");
            Assert.All(results, r => Assert.True(r.Result.IsValid, $"{r.What}: {r.Result}"));
            Assert.Equal(2, verifier.Cache.Imports);

            // One changed octet in a signed RRset: the signature over it must fail as BadSignature.
            var www = DomainName.Parse("www.fixture.test.");
            var wwwSig = records.Where(r => r.Owner == www && r.Data is RrsigRecordData { TypeCovered: RRType.A }).Select(r => (RrsigRecordData)r.Data).First();
            var changed = RrsetOf(records, www, RRType.A);
            changed = changed.WithRecords([new AddressRecordData(IPAddress.Parse("192.0.2.3")), .. changed.Records.Skip(1)]);
            Assert.Equal(SignatureStatus.BadSignature, verifier.Verify(changed, wwwSig, keys.Single(k => DnssecKeyTag.Compute(k) == wwwSig.KeyTag), s_zone, now).Status);

            CheckDenials(records, nsec3);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("healthy-signed-ecdsa.test.", "127.53.101.1")]
    [InlineData("healthy-signed-ecdsa.test.", "127.53.101.2")]
    [InlineData("healthy-signed-ed25519.test.", "127.53.102.1")]
    [InlineData("healthy-signed-rsasha256.test.", "127.53.100.1")]
    public async Task The_SOA_and_DNSKEY_signatures_of_a_healthy_lab_zone_are_valid_with_its_served_keys(string zone, string server)
    {
        lab.RequireUp();
        var apex = DomainName.Parse(zone);
        var now = TimeProvider.System.GetUtcNow();
        var keys = await KeysAsync(apex, server);
        foreach (var type in new[] { RRType.SOA, RRType.DNSKEY, RRType.NS })
        {
            var (rrset, rrsigs) = await SignedRrsetAsync(apex, type, server);
            Assert.NotEmpty(rrsigs);
            foreach (var rrsig in rrsigs)
            {
                var key = Assert.Single(keys, k => DnssecKeyTag.Compute(k) == rrsig.KeyTag);
                var result = new RrsigVerifier().Verify(rrset, rrsig, key, apex, now);
                Assert.True(result.IsValid, $"{zone} {type} by {rrsig.KeyTag}: {result}");
            }
        }
    }

    [Fact]
    public async Task A_flipped_byte_in_a_served_SOA_gives_BadSignature()
    {
        lab.RequireUp();
        var apex = DomainName.Parse("healthy-signed-ecdsa.test.");
        var keys = await KeysAsync(apex, "127.53.101.1");
        var (rrset, rrsigs) = await SignedRrsetAsync(apex, RRType.SOA, "127.53.101.1");
        var soa = (SoaRecordData)rrset.Records[0];
        var flipped = rrset.WithRecords([new SoaRecordData(soa.Primary, soa.Responsible, soa.Serial ^ 1, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum)]);
        var key = keys.Single(k => DnssecKeyTag.Compute(k) == rrsigs[0].KeyTag);
        Assert.Equal(SignatureStatus.BadSignature, new RrsigVerifier().Verify(flipped, rrsigs[0], key, apex, TimeProvider.System.GetUtcNow()).Status);
    }

    [Theory]
    [InlineData("127.53.115.1")]
    [InlineData("127.53.115.2")]
    public async Task The_rrsig_expired_scenario_reports_Expired_with_a_past_expiration(string server)
    {
        lab.RequireUp();
        var apex = DomainName.Parse("rrsig-expired.test.");
        var now = TimeProvider.System.GetUtcNow();
        var keys = await KeysAsync(apex, server);
        var (rrset, rrsigs) = await SignedRrsetAsync(apex, RRType.SOA, server);
        var result = new RrsigVerifier().Verify(rrset, rrsigs[0], keys.Single(k => DnssecKeyTag.Compute(k) == rrsigs[0].KeyTag), apex, now);
        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.InRange(result.Time!.Value, now.AddDays(-3), now);
    }

    [Theory]
    [InlineData("nsec3-no-iterations.test.", "127.53.103.1")]
    [InlineData("nsec3-no-iterations.test.", "127.53.103.2")]
    [InlineData("nsec3-many-iterations.test.", "127.53.104.1")]
    [InlineData("nsec3-many-iterations.test.", "127.53.104.2")]
    public async Task The_NSEC3_NXDOMAIN_proof_of_a_lab_zone_holds_and_its_NSEC3_signatures_verify(string zone, string server)
    {
        lab.RequireUp();
        var apex = DomainName.Parse(zone);
        var qname = DomainName.Parse("nx." + zone);
        var message = await QueryAsync(qname, RRType.A, server);
        Assert.Equal(DnsResponseCode.NXDomain, message.ResponseCode);
        var nsec3s = Nsec3Denial.Collect(message.Authority);
        Assert.NotEmpty(nsec3s);
        var proof = Nsec3Denial.ProveNameError(qname, apex, nsec3s);
        Assert.True(proof.IsProven, proof.ToString());
        Assert.Equal(apex, proof.ClosestEncloser);
        await VerifyAllAsync(message, apex, RRType.NSEC3, nsec3s.Select(n => n.Owner), server);
    }

    [Theory]
    [InlineData("healthy-signed-ecdsa.test.", "127.53.101.1")]
    [InlineData("healthy-signed-ed25519.test.", "127.53.102.2")]
    public async Task The_NSEC_NXDOMAIN_proof_of_a_lab_zone_holds_and_its_NSEC_signatures_verify(string zone, string server)
    {
        lab.RequireUp();
        var apex = DomainName.Parse(zone);
        var qname = DomainName.Parse("nx." + zone);
        var message = await QueryAsync(qname, RRType.A, server);
        Assert.Equal(DnsResponseCode.NXDomain, message.ResponseCode);
        var nsecs = NsecDenial.Collect(message.Authority);
        var proof = NsecDenial.ProveNameError(qname, nsecs);
        Assert.True(proof.IsProven, proof.ToString());
        await VerifyAllAsync(message, apex, RRType.NSEC, nsecs.Select(n => n.Owner), server);
    }

    private static async Task VerifyAllAsync(DnsMessage message, DomainName apex, RRType type, IEnumerable<DomainName> owners, string server)
    {
        var keys = await KeysAsync(apex, server);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var owner in owners.Distinct())
        {
            var rrset = Rrset.FromSection(message.Authority, owner, type)!;
            var rrsigs = Rrset.SignaturesFrom(message.Authority, owner, type);
            Assert.NotEmpty(rrsigs);
            Assert.All(rrsigs, rrsig => Assert.True(new RrsigVerifier().Verify(rrset, rrsig, keys.Single(k => DnssecKeyTag.Compute(k) == rrsig.KeyTag), apex, now).IsValid));
        }
    }

    private static void CheckDenials(List<(DomainName Owner, RecordData Data)> records, bool nsec3)
    {
        var nx = DomainName.Parse("nx.fixture.test.");
        var www = DomainName.Parse("www.fixture.test.");
        var sub = DomainName.Parse("sub.fixture.test.");
        var wild = DomainName.Parse("a.b.wild.fixture.test.");
        if (nsec3)
        {
            var chain = records.Where(r => r.Data is Nsec3RecordData).Select(r => (r.Owner, (Nsec3RecordData)r.Data)).ToList();
            Assert.True(Nsec3Denial.ProveNameError(nx, s_zone, chain).IsProven);
            Assert.True(Nsec3Denial.ProveNoData(www, RRType.TXT, s_zone, chain).IsProven);
            Assert.Equal(DenialStatus.TypePresent, Nsec3Denial.ProveNoData(www, RRType.A, s_zone, chain).Status);
            Assert.True(Nsec3Denial.ProveWildcardAnswer(wild, 3, s_zone, chain).IsProven);
            var optOut = Nsec3Denial.ProveNoData(sub, RRType.DS, s_zone, chain);
            Assert.True(optOut.IsProven && optOut.OptOut, optOut.ToString());
            return;
        }

        var nsecs = records.Where(r => r.Data is NsecRecordData).Select(r => (r.Owner, (NsecRecordData)r.Data)).ToList();
        Assert.True(NsecDenial.ProveNameError(nx, nsecs).IsProven);
        Assert.True(NsecDenial.ProveNoData(www, RRType.TXT, nsecs).IsProven);
        Assert.True(NsecDenial.ProveNoData(sub, RRType.DS, nsecs).IsProven);
        Assert.True(NsecDenial.ProveWildcardAnswer(wild, 3, nsecs).IsProven);
        Assert.Equal(DenialStatus.DelegationOrDname, NsecDenial.ProveNameError(DomainName.Parse("x.sub.fixture.test."), nsecs).Status);
    }

    private static async Task<List<(DomainName Owner, RecordData Data)>> SignAsync(string dir, byte algorithm, bool nsec3)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "zone.db"), Fixture);
        var name = DnssecAlgorithms.Name(algorithm);
        var bits = algorithm is 5 or 8 ? new[] { "-b", "2048" } : [];
        await RunAsync(dir, "dnssec-keygen", ["-q", "-K", dir, "-a", name, .. bits, "-f", "KSK", "-n", "ZONE", "fixture.test."]);
        await RunAsync(dir, "dnssec-keygen", ["-q", "-K", dir, "-a", name, .. bits, "-n", "ZONE", "fixture.test."]);
        string[] chain = nsec3 ? ["-3", "aabbccdd", "-H", "1", "-A"] : [];
        await RunAsync(dir, "dnssec-signzone", ["-S", "-K", dir, "-O", "full", .. chain, "-o", "fixture.test.", "-f", Path.Combine(dir, "signed.db"), "-s", "-3600", "-e", "+864000", Path.Combine(dir, "zone.db")]);
        return [.. (await File.ReadAllLinesAsync(Path.Combine(dir, "signed.db"))).Where(l => l.Length > 0 && l[0] != ';').Select(ParseLine)];
    }

    private static async Task CompareWithDsFromKeyAsync(string dir, List<DnskeyRecordData> keys)
    {
        var files = Directory.GetFiles(dir, "Kfixture.test.+*.key");
        Assert.Equal(keys.Select(DnssecKeyTag.Compute).Order(), files.Select(f => int.Parse(f[^9..^4], CultureInfo.InvariantCulture)).Select(t => (ushort)t).Order());
        foreach (var file in files)
        {
            foreach (var digest in new[] { "-1", "-2", "-a SHA-384" })
            {
                var output = await RunAsync(dir, "dnssec-dsfromkey", [.. digest.Split(' '), file]);
                var f = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var ds = new DsRecordData(RRType.DS, ushort.Parse(f[3], CultureInfo.InvariantCulture), byte.Parse(f[4], CultureInfo.InvariantCulture), byte.Parse(f[5], CultureInfo.InvariantCulture), Convert.FromHexString(f[6]));
                Assert.Contains(keys, k => DsDigest.Match(ds, s_zone, k) == DsMatch.Match && DsDigest.Create(s_zone, k, ds.DigestType).Digest.Span.SequenceEqual(ds.Digest.Span));
            }
        }
    }

    private static async Task<string> RunAsync(string dir, string tool, IEnumerable<string> args)
    {
        // As root, inside unshare -n: BIND's tools must never reach a resolver off loopback (the named-checkzone
        // incident in shared/DNS-LIBRARIES.md). The signing tools do no lookups, so without root they run as they are.
        var output = Environment.UserName == "root"
            ? await ProcessRunner.RunAsync("unshare", ["-n", tool, .. args], TimeSpan.FromMinutes(2))
            : await ProcessRunner.RunAsync(tool, args, TimeSpan.FromMinutes(2));
        Assert.True(output.ExitCode == 0, $"{tool} in {dir}: {output}");
        return output.Output;
    }

    private static Rrset RrsetOf(List<(DomainName Owner, RecordData Data)> records, DomainName owner, RRType type) =>
        new(owner, type, RRClass.IN, 300, [.. records.Where(r => r.Owner == owner && r.Data.Type == type).Select(r => r.Data)]);

    // One line of dnssec-signzone -O full: owner TTL class type RDATA, every field on the line.
    private static (DomainName Owner, RecordData Data) ParseLine(string line)
    {
        var f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(DnsMnemonics.TryParseType(f[3], out var type), line);
        string[] r = f[4..];
        string Rest(int from) => string.Concat(r[from..]);
        RecordData data = type switch
        {
            RRType.SOA => new SoaRecordData(N(r[0]), N(r[1]), U(r[2]), U(r[3]), U(r[4]), U(r[5]), U(r[6])),
            RRType.NS or RRType.CNAME => new NameRecordData(type, N(r[0])),
            RRType.MX => new MxRecordData((ushort)U(r[0]), N(r[1])),
            RRType.SRV => new SrvRecordData((ushort)U(r[0]), (ushort)U(r[1]), (ushort)U(r[2]), N(r[3])),
            RRType.A or RRType.AAAA => new AddressRecordData(IPAddress.Parse(r[0])),
            RRType.TXT => new TxtRecordData(type, [.. Quoted().Matches(line[line.IndexOf('"', StringComparison.Ordinal)..]).Select(m => (ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes(m.Groups[1].Value))]),
            RRType.DNSKEY => new DnskeyRecordData(type, (ushort)U(r[0]), (byte)U(r[1]), (byte)U(r[2]), Convert.FromBase64String(Rest(3))),
            RRType.RRSIG => new RrsigRecordData(Type(r[0]), (byte)U(r[1]), (byte)U(r[2]), U(r[3]), Time(r[4]), Time(r[5]), (ushort)U(r[6]), N(r[7]), Convert.FromBase64String(Rest(8))),
            RRType.NSEC => new NsecRecordData(N(r[0]), r[1..].Select(Type)),
            RRType.NSEC3 => new Nsec3RecordData((byte)U(r[0]), (byte)U(r[1]), (ushort)U(r[2]), Salt(r[3]), Hash(r[4]), r[5..].Select(Type)),
            RRType.NSEC3PARAM => new Nsec3ParamRecordData((byte)U(r[0]), (byte)U(r[1]), (ushort)U(r[2]), Salt(r[3])),
            _ => throw new InvalidOperationException("unexpected record in the fixture: " + line),
        };
        return (N(f[0]), data);
    }

    private static DomainName N(string text) => DomainName.Parse(text);

    private static uint U(string text) => uint.Parse(text, CultureInfo.InvariantCulture);

    private static RRType Type(string text) => DnsMnemonics.TryParseType(text, out var t) ? t : throw new FormatException(text);

    private static byte[] Salt(string text) => text == "-" ? [] : Convert.FromHexString(text);

    private static byte[] Hash(string text) => Base32Hex.TryDecode(Encoding.ASCII.GetBytes(text), out var h) ? h : throw new FormatException(text);

    private static uint Time(string text) => SerialTime.FromDateTimeOffset(DateTimeOffset.ParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    private static async Task<DnsMessage> QueryAsync(DomainName name, RRType type, string server)
    {
        var query = new DnsQuery(name, type) { Edns = new EdnsQueryOptions { DnssecOk = true } };
        var outcome = await new DnsClientTransport(TimeProvider.System).ExchangeAsync(query, new IPEndPoint(IPAddress.Parse(server), 53), DnsTransportProtocol.Tcp, s_timeout);
        return Assert.IsType<ExchangeAnswered>(outcome).Message;
    }

    private static async Task<List<DnskeyRecordData>> KeysAsync(DomainName apex, string server)
    {
        var message = await QueryAsync(apex, RRType.DNSKEY, server);
        return [.. Rrset.FromSection(message.Answers, apex, RRType.DNSKEY)!.Records.Cast<DnskeyRecordData>()];
    }

    private static async Task<(Rrset Rrset, List<RrsigRecordData> Rrsigs)> SignedRrsetAsync(DomainName apex, RRType type, string server)
    {
        var message = await QueryAsync(apex, type, server);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        return (Rrset.FromSection(message.Answers, apex, type)!, Rrset.SignaturesFrom(message.Answers, apex, type));
    }
}

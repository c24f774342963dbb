using System.Globalization;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Zone;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Dns;

/// <summary>
/// Our zone-file reader against two independent ones on the same files, record by record: BIND's
/// named-checkzone (dumping the loaded zone with -D) and ldns-read-zone (printing every record in the RFC 3597
/// generic form, so its side needs none of our RDATA code). Both sides are canonicalised to one line per
/// record: lower-case owner, TTL, class number, type number and the RDATA wire form in hex.
/// </summary>
public sealed class ZoneFileOracleTests : IDisposable
{
    private const string Handwritten = """
        $ORIGIN Example.TEST.
        $TTL 1h
        @ IN SOA ns1 hostmaster ( 2026112801 ; serial
                1h 15m 1w 300 ) ; timers with units
          NS ns1
          NS ns2.elsewhere.test.
        ns1 300 IN A 192.0.2.1
        Www 60 IN AAAA 2001:db8::1
        txt TXT "a; (b)" "say \"hi\"" \065 plain "caf\195\169" "tab\009end"
        a\.b MX 10 mail
        _sip._tcp SRV 0 5 5060 sip
        x TYPE65280 \# 3 010203
        y A \# 4 C0000202
        svc HTTPS 1 . alpn="h2,h3" port=443 ipv4hint=192.0.2.1,192.0.2.2
        k 2D DNSKEY 257 3 13 ( AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
          HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QA== )
        c CAA 0 issue "letsencrypt.org"
        $ORIGIN sub
        deep 1w2d IN NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .
        @ HINFO "PC" "Linux 6"
        $ORIGIN example.test.
        child NS ns.child
        ns.child A 192.0.2.99
        child DS 12345 13 2 0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dnscert-zone-oracle-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task A_handwritten_zone_reads_as_named_checkzone_reads_it()
    {
        TestEnvironment.RequireTools("named-checkzone");
        await CompareWithBindAsync("example.test.", Handwritten.Replace("Www 60 IN", "Www IN 60", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handwritten_zone_reads_as_ldns_read_zone_reads_it()
    {
        TestEnvironment.RequireTools("ldns-read-zone");
        // ldns takes a relative $ORIGIN as absolute, so this copy spells it out.
        await CompareWithLdnsAsync("example.test.", Handwritten.Replace("$ORIGIN sub\n", "$ORIGIN sub.example.test.\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_zones_read_as_named_checkzone_reads_them(int seed)
    {
        TestEnvironment.RequireTools("named-checkzone");
        await CompareWithBindAsync("oracle.test.", new OracleZoneText(seed, forLdns: false).Write("oracle.test.", 1500));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Random_zones_read_as_ldns_read_zone_reads_them(int seed)
    {
        TestEnvironment.RequireTools("ldns-read-zone");
        await CompareWithLdnsAsync("oracle.test.", new OracleZoneText(seed, forLdns: true).Write("oracle.test.", 1500));
    }

    [Fact]
    public async Task TTL_defaults_and_owners_after_GENERATE_match_named_checkzone()
    {
        TestEnvironment.RequireTools("named-checkzone");
        const string text = """
            $ORIGIN ttl.test.
            @ SOA ns1 hm 1 2 3 4 600
            @ NS ns1
            ns1 A 192.0.2.1
            a 77 A 192.0.2.2
            b A 192.0.2.3
            $GENERATE 1-3 g$ 5m TXT "generated $"
             TXT "blank owner after generate"
            $GENERATE 4-5 dollar$$${1,2,x}\$ A 192.0.2.$
            c TXT "after generate"
            $TTL 42
            d A 192.0.2.4
            e 9 A 192.0.2.5
            f A 192.0.2.6
            """;
        await CompareWithBindAsync("ttl.test.", text);
    }

    [Fact]
    public async Task INCLUDE_with_and_without_an_origin_reads_as_named_checkzone_reads_it()
    {
        TestEnvironment.RequireTools("named-checkzone");
        var parts = Directory.CreateDirectory(Path.Combine(_directory.FullName, "parts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(parts, "hosts.zone"), " TXT \"inherits the including file's owner\"\na A 192.0.2.1\n$ORIGIN inner.inc.test.\nb 30 A 192.0.2.2\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(parts, "more.zone"), "c A 192.0.2.3\n", TestContext.Current.CancellationToken);
        var text = $"""
            $ORIGIN inc.test.
            $TTL 300
            @ SOA ns1 hm 1 2 3 4 5
            @ NS ns1
            ns1 A 192.0.2.53
            www A 192.0.2.9
            $INCLUDE {parts}/hosts.zone sub
             TXT "owner restored"
            d A 192.0.2.4
            $INCLUDE {parts}/more.zone
            """;
        await CompareWithBindAsync("inc.test.", text, _directory.FullName);
    }

    private static List<string> Canonical(IEnumerable<ZoneRecord> records) =>
        [.. records.Select(r => Line(r.Owner, r.Ttl, r.Class, r.Type, r.Data.ToWire())).Order(StringComparer.Ordinal)];

    private static string Line(DomainName owner, uint ttl, RRClass @class, RRType type, byte[] rdata) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner.ToCanonical()} {ttl} {(ushort)@class} {(ushort)type} {Convert.ToHexStringLower(rdata)}");

    private static async Task<ProcessOutput> RunAsync(string tool, IEnumerable<string> arguments)
    {
        // As root, inside unshare -n: BIND's tools must never reach a resolver off loopback (shared/DNS-LIBRARIES.md).
        return Environment.UserName == "root"
            ? await ProcessRunner.RunAsync("unshare", ["-n", tool, .. arguments], TimeSpan.FromMinutes(2))
            : await ProcessRunner.RunAsync(tool, arguments, TimeSpan.FromMinutes(2));
    }

    private static void AssertSameRecords(List<string> expected, List<string> ours, string tool)
    {
        var missing = expected.Except(ours).Take(10).ToList();
        var extra = ours.Except(expected).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{tool} read records we did not:\n{string.Join('\n', missing)}\nwe read records {tool} did not:\n{string.Join('\n', extra)}");
        Assert.Equal(expected, ours);
    }

    private static List<string> Ours(string origin, string path, string? includeDirectory = null) =>
        Canonical(ZoneFile.Load(path, new ZoneReaderOptions { Origin = DomainName.Parse(origin), IncludeDirectory = includeDirectory }).Records);

    private async Task CompareWithBindAsync(string origin, string text, string? includeDirectory = null)
    {
        var path = Path.Combine(_directory.FullName, "bind.zone");
        await File.WriteAllTextAsync(path, text);
        var output = await RunAsync("named-checkzone", ["-i", "none", "-k", "ignore", "-n", "ignore", "-m", "ignore", "-M", "ignore", "-S", "ignore", "-D", "-o", "-", origin, path]);
        Assert.True(output.ExitCode == 0, $"{output}\n{text}");
        var bind = new List<string>();
        foreach (var line in output.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("zone ", StringComparison.Ordinal) || line == "OK")
            {
                continue;
            }

            // owner TTL class type RDATA, whitespace-separated; the RDATA text goes to our one-line parser.
            var fields = line.Split((char[])[' ', '\t'], 5, StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length >= 4, line);
            Assert.True(DnsMnemonics.TryParseType(fields[3], out var type), line);
            Assert.True(DnsMnemonics.TryParseClass(fields[2], out var @class), line);
            var rdata = fields.Length == 5 ? fields[4].Trim() : string.Empty;
            bind.Add(Line(DomainName.Parse(fields[0]), uint.Parse(fields[1], CultureInfo.InvariantCulture), @class, type, RecordData.Parse(type, rdata).ToWire()));
        }

        AssertSameRecords([.. bind.Order(StringComparer.Ordinal)], Ours(origin, path, includeDirectory), "named-checkzone");
    }

    private async Task CompareWithLdnsAsync(string origin, string text)
    {
        var path = Path.Combine(_directory.FullName, "ldns.zone");
        await File.WriteAllTextAsync(path, text);

        // -U NULL prints every type except NULL (absent here) as \# length hex: no RDATA parsing on this side.
        var output = await RunAsync("ldns-read-zone", ["-U", "NULL", path]);
        Assert.True(output.ExitCode == 0, $"{output}\n{text}");
        var ldns = new List<string>();
        foreach (var line in output.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length >= 6 && fields[4] == "\\#", line);
            Assert.True(DnsMnemonics.TryParseType(fields[3], out var type), line);
            Assert.True(DnsMnemonics.TryParseClass(fields[2], out var @class), line);
            var rdata = Convert.FromHexString(string.Concat(fields[6..]));
            Assert.Equal(int.Parse(fields[5], CultureInfo.InvariantCulture), rdata.Length);
            ldns.Add(Line(DomainName.Parse(fields[0]), uint.Parse(fields[1], CultureInfo.InvariantCulture), @class, type, rdata));
        }

        AssertSameRecords([.. ldns.Order(StringComparer.Ordinal)], Ours(origin, path), "ldns-read-zone");
    }
}

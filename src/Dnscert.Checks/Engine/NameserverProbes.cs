using System.Net;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// The Nameserver module's probes for one server address, all sent at once: each is a round trip, and their
/// answers are independent. Shapes the <see cref="QueryRunner"/>'s plain queries cannot express go through
/// its raw path, keyed by shape for dedup and recording.
/// </summary>
public static class NameserverProbes
{
    private static readonly DomainName s_versionBind = DomainName.Parse("version.bind.");
    private static readonly DomainName s_versionServer = DomainName.Parse("version.server.");

    public static async Task<NameserverProbeResults> ProbeAsync(QueryRunner runner, IPAddress server, DomainName zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var edns0 = runner.QueryRawAsync(server, $"{zone}|SOA|edns0-512", () => Soa(zone, new EdnsQueryOptions { UdpPayloadSize = 512 }), ct: ct);
        var noEdns = runner.QueryAsync(server, zone, RRType.SOA, edns: false, ct: ct);
        var edns1 = runner.QueryRawAsync(server, $"{zone}|SOA|edns1-512", () => Soa(zone, new EdnsQueryOptions { UdpPayloadSize = 512, Version = 1 }), ct: ct);
        var option = runner.QueryRawAsync(server, $"{zone}|SOA|edns-opt{NameserverProbeResults.UnknownOptionCode}", () => Soa(zone, new EdnsQueryOptions
        {
            Options = [new EdnsOption((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, ReadOnlyMemory<byte>.Empty)],
        }), ct: ct);
        var zFlag = runner.QueryRawAsync(server, $"{zone}|SOA|edns-z{NameserverProbeResults.ZFlagBit:x4}", () => WithEdnsFlags(Soa(zone, new EdnsQueryOptions()), NameserverProbeResults.ZFlagBit), ct: ct);
        var edns1Option = runner.QueryRawAsync(server, $"{zone}|SOA|edns1-opt{NameserverProbeResults.UnknownOptionCode}", () => Soa(zone, new EdnsQueryOptions
        {
            Version = 1,
            Options = [new EdnsOption((EdnsOptionCode)NameserverProbeResults.UnknownOptionCode, ReadOnlyMemory<byte>.Empty)],
        }), ct: ct);
        var mixed = MixedCase(zone);
        var mixedCase = mixed is { } m
            ? runner.QueryRawAsync(server, $"{m}|SOA|0x20", () => Soa(m, new EdnsQueryOptions()), ct: ct)
            : Task.FromResult<Dns.Transport.DnsExchangeOutcome>(null!);
        var www = !zone.IsRoot && DomainName.TryParse("www." + zone, out var wwwName) ? wwwName : (DomainName?)null;
        var case1Name = www is { } w1 ? MixedCase(w1, upperFirst: true) : null;
        var case2Name = www is { } w2 ? MixedCase(w2, upperFirst: false) : null;
        var case1 = case1Name is { } c1 ? runner.QueryRawAsync(server, $"{c1}|SOA|case1", () => Soa(c1, new EdnsQueryOptions()), ct: ct) : Task.FromResult<Dns.Transport.DnsExchangeOutcome>(null!);
        var case2 = case2Name is { } c2 ? runner.QueryRawAsync(server, $"{c2}|SOA|case2", () => Soa(c2, new EdnsQueryOptions()), ct: ct) : Task.FromResult<Dns.Transport.DnsExchangeOutcome>(null!);
        var apexA = runner.QueryAsync(server, zone, RRType.A, ct: ct);
        var apexAaaa = runner.QueryAsync(server, zone, RRType.AAAA, ct: ct);
        var rootNs = zone.IsRoot ? Task.FromResult<Dns.Transport.DnsExchangeOutcome>(null!) : runner.QueryAsync(server, DomainName.Root, RRType.NS, ct: ct);
        var dnskey = runner.QueryRawAsync(server, $"{zone}|DNSKEY|do-512", () =>
            new DnsQuery(zone, RRType.DNSKEY) { Edns = new EdnsQueryOptions { UdpPayloadSize = 512, DnssecOk = true } }.WithRandomId().ToArray(), ct: ct);
        var versionBind = runner.QueryRawAsync(server, "version.bind|CH|TXT", () => new DnsQuery(s_versionBind, RRType.TXT, RRClass.CH).WithRandomId().ToArray(), ct: ct);
        var versionServer = runner.QueryRawAsync(server, "version.server|CH|TXT", () => new DnsQuery(s_versionServer, RRType.TXT, RRClass.CH).WithRandomId().ToArray(), ct: ct);
        await Task.WhenAll(edns0, noEdns, edns1, option, zFlag, edns1Option, mixedCase, case1, case2, apexA, apexAaaa, rootNs, dnskey, versionBind, versionServer).ConfigureAwait(false);
        return new NameserverProbeResults
        {
            Edns0 = edns0.Result,
            NoEdns = noEdns.Result,
            Edns1 = edns1.Result,
            UnknownOption = option.Result,
            EdnsZFlag = zFlag.Result,
            Edns1UnknownOption = edns1Option.Result,
            MixedCase = mixedCase.Result,
            CaseQuery1 = case1.Result,
            CaseQuery2 = case2.Result,
            ApexA = apexA.Result,
            ApexAaaa = apexAaaa.Result,
            RootNs = rootNs.Result,
            TruncatedDnskey = dnskey.Result,
            VersionBind = versionBind.Result,
            VersionServer = versionServer.Result,
        };
    }

    /// <summary>
    /// The name with every other letter upper case (example.test. → ExAmPlE.tEsT.): deterministic, so a replay asks
    /// the same; null when no letter changes (the root, all digits), as case then shows nothing.
    /// </summary>
    internal static DomainName? MixedCase(DomainName name, bool upperFirst = true)
    {
        var text = name.ToString().ToCharArray();
        var letters = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiLetter(text[i]))
            {
                text[i] = (letters++ % 2 == 0) == upperFirst ? char.ToUpperInvariant(text[i]) : char.ToLowerInvariant(text[i]);
            }
        }

        return letters > 0 ? DomainName.Parse(new string(text)) : null;
    }

    private static byte[] Soa(DomainName zone, EdnsQueryOptions edns) => new DnsQuery(zone, RRType.SOA) { Edns = edns }.WithRandomId().ToArray();

    /// <summary>
    /// Sets EDNS flag bits the writer does not expose (it only knows DO). The OPT record is the last record of a
    /// query written by <see cref="DnsQuery"/>; without options its TTL's flag octets sit 4 and 3 bytes before the end
    /// (RDLENGTH follows them).
    /// </summary>
    internal static byte[] WithEdnsFlags(byte[] query, ushort flags)
    {
        ArgumentNullException.ThrowIfNull(query);
        query[^4] |= (byte)(flags >> 8);
        query[^3] |= (byte)flags;
        return query;
    }
}

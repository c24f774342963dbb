using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// The zone and the twelve questions the real-server dnstap tests share (4 A, 3 AAAA, 2 MX, one NXDOMAIN, one REFUSED,
/// one TXT over TCP), so the counts those tests expect are written against one mix.
/// </summary>
internal static class DnstapQueryMix
{
    /// <summary>The zone <c>dnstap.test</c> with its name server at <paramref name="nameServerAddress"/>; the TXT text tells the tests apart.</summary>
    public static string Zone(string nameServerAddress, string txt) => $"""
        $TTL 300
        @    IN SOA ns.dnstap.test. hostmaster.dnstap.test. 1 3600 900 604800 300
        @    IN NS  ns.dnstap.test.
        ns   IN A   {nameServerAddress}
        www  IN A   192.0.2.80
        www  IN TXT "{txt}"
        mail IN MX  10 mx.dnstap.test.
        mx   IN A   192.0.2.25
        """;

    /// <summary>Sends the twelve questions to <paramref name="address"/> and checks each answer is the one the zone gives.</summary>
    public static async Task SendAsync(string address, string txt)
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("192.0.2.80", (await Kdig(address, "www.dnstap.test", "A")).Output, StringComparison.Ordinal);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("NOERROR", (await Kdig(address, "www.dnstap.test", "AAAA")).Output, StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("mx.dnstap.test", (await Kdig(address, "mail.dnstap.test", "MX")).Output, StringComparison.Ordinal);
        }

        Assert.Contains("NXDOMAIN", (await Kdig(address, "nothing.dnstap.test", "A")).Output, StringComparison.Ordinal);
        Assert.Contains("REFUSED", (await Kdig(address, "www.elsewhere.test", "A")).Output, StringComparison.Ordinal);
        Assert.Contains(txt, (await Kdig(address, "www.dnstap.test", "TXT", "+tcp")).Output, StringComparison.Ordinal);
    }

    /// <summary>One kdig question without recursion, retries or a long wait.</summary>
    public static Task<ProcessOutput> Kdig(string address, string name, string type, string transport = "+notcp") =>
        ProcessRunner.RunAsync("kdig", [$"@{address}", name, type, transport, "+norec", "+retry=0", "+timeout=2"], TimeSpan.FromSeconds(10));
}

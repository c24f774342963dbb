using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Checks;

/// <summary>
/// <c>dnscert check --asn-source ripe</c> end to end: the real binary against the real lab, with CONNECTIVITY03/04
/// asking a whois server that this test starts on 127.76.0.1 (never the real RIPE). The server plants one AS and
/// one /24 for every address, so the three servers of single-prefix.test share both.
/// </summary>
public sealed class RisWhoisCheckTests(LabFixture lab)
{
    [Fact]
    public async Task The_RIS_whois_source_finds_one_AS_and_one_prefix_and_says_so_with_whois_evidence()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Parse("127.76.0.1"), 0);
        listener.Start();
        var queries = new List<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                var query = new StringBuilder();
                var one = new byte[1];
                while (await stream.ReadAsync(one, stop.Token) == 1 && one[0] != (byte)'\n')
                {
                    query.Append((char)one[0]);
                }

                lock (queries)
                {
                    queries.Add(query.ToString().TrimEnd('\r'));
                }

                await stream.WriteAsync("% planted by the test\n\n64511\t127.53.120.0/24\t42\n"u8.ToArray(), stop.Token);
            }
        }, stop.Token);

        var output = await ProcessRunner.DnscertAsync(["check", "single-prefix.test", "--json", "--hints", lab.HintsFile,
            "--asn-source", "ripe", "--asn-whois", listener.LocalEndpoint.ToString()!, "--test", "CONNECTIVITY03", "--test", "CONNECTIVITY04"]);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);

        var messages = JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").EnumerateArray().ToList();
        var tags = messages.Select(m => m.GetProperty("tag").GetString()).ToList();
        Assert.Contains("IPV4_ONE_ASN", tags);
        Assert.Contains("CN04_IPV4_SAME_PREFIX", tags);
        var oneAsn = messages.First(m => m.GetProperty("tag").GetString() == "IPV4_ONE_ASN");
        Assert.Contains("64511", oneAsn.GetProperty("arguments").ToString(), StringComparison.Ordinal);
        Assert.Contains(oneAsn.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("transport").GetString() == "whois/TCP");
        Assert.Equal(["-F -M 127.53.120.1", "-F -M 127.53.120.2", "-F -M 127.53.120.3"], queries.Order());
    }
}

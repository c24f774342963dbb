using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Checks;

/// <summary>
/// <c>dnscert check --asn-source ripe --record</c> then <c>--replay</c> with the whois server gone: the real binary
/// against the real lab, with a whois server this test starts on 127.86.0.1 (never the real RIPE). The replay must give
/// the same messages, CONNECTIVITY03/04 included, without any whois connection.
/// </summary>
public sealed class WhoisReplayCheckTests(LabFixture lab)
{
    [Fact]
    public async Task A_ripe_run_replays_offline_with_the_same_connectivity_findings()
    {
        lab.RequireUp();
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"dnscert-whois-replay-{Guid.NewGuid():N}.json");
        var connections = 0;
        string[] common = ["--json", "--test", "CONNECTIVITY03", "--test", "CONNECTIVITY04"];
        ProcessOutput live;
        try
        {
            using (var listener = new TcpListener(IPAddress.Parse("127.86.0.1"), 0))
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                listener.Start();
                var serving = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        using var client = await listener.AcceptTcpClientAsync(stop.Token);
                        Interlocked.Increment(ref connections);
                        var stream = client.GetStream();
                        var one = new byte[1];
                        while (await stream.ReadAsync(one, stop.Token) == 1 && one[0] != (byte)'\n')
                        {
                        }

                        await stream.WriteAsync("% planted by the replay test\n\n64512\t127.53.120.0/24\t7\n"u8.ToArray(), stop.Token);
                    }
                }, stop.Token);

                live = await ProcessRunner.DnscertAsync(["check", "single-prefix.test", "--hints", lab.HintsFile, "--asn-source", "ripe",
                    "--asn-whois", listener.LocalEndpoint.ToString()!, "--record", file, .. common]);
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);
            }

            Assert.Equal(3, connections);
            // No whois server listens any more, and the replay is told nothing about whois: the recording says it all.
            var replayed = await ProcessRunner.DnscertAsync(["check", "single-prefix.test", "--replay", file, .. common]);
            Assert.Equal(3, connections);
            Assert.True(replayed.ExitCode == live.ExitCode, replayed.ToString());
            Assert.Equal(Messages(live), Messages(replayed));
            Assert.Contains("64512", Messages(replayed), StringComparison.Ordinal);
            Assert.Contains("IPV4_ONE_ASN", Messages(replayed), StringComparison.Ordinal);
            Assert.Contains("whois/TCP", Messages(replayed), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Messages(ProcessOutput output) => JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").GetRawText();
}

using System.Net;
using System.Text.Json;
using CsCheck;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Core;

namespace Dnscert.UnitTests.Checks.Connectivity;

/// <summary>
/// <c>--record</c>/<c>--replay</c> of the RIS whois source: a lookup recorded against the tiny whois server on loopback
/// gives the same findings and evidence from the saved file after the server is gone.
/// </summary>
public sealed class WhoisRecordingTests
{
    private static readonly IPAddress[] s_addresses = [IPAddress.Parse("192.0.2.53"), IPAddress.Parse("198.51.100.1"), IPAddress.Parse("203.0.113.9")];

    [Fact]
    public async Task A_recorded_whois_lookup_replays_offline_with_the_same_results_and_evidence()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"dnscert-whois-{Guid.NewGuid():N}.json");
        try
        {
            var record = new ExchangeRecording();
            AsnLookup[] live;
            string serverSpec;
            await using (var server = new TinyWhoisServer(query => query switch
            {
                "-F -M 192.0.2.53" => "64500\t192.0.2.0/24\t300\n",
                "-F -M 198.51.100.1" => "% no entries found\n",
                _ => "garbage here\n",
            }))
            {
                serverSpec = server.EndPoint.ToString();
                live = await Lookup(serverSpec, record, null, ct);
            }

            Assert.Equal(3, record.WhoisCount);
            await record.SaveAsync(file, "example.", [], DateTimeOffset.UnixEpoch, ct);

            // The server is stopped: anything not served from the file would now be a refused connection.
            var replay = await ExchangeRecording.LoadAsync(file, ct);
            Assert.Equal(serverSpec, replay.WhoisServer);
            var replayed = await Lookup(serverSpec, null, replay, ct);

            Assert.Equal([AsnLookupStatus.Found, AsnLookupStatus.Empty, AsnLookupStatus.Error], replayed.Select(r => r.Status));
            Assert.Equal(live.Select(Describe), replayed.Select(Describe));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_question_the_recording_does_not_hold_is_an_error_naming_the_recording_not_a_connection()
    {
        var replay = new ExchangeRecording();
        var result = Assert.Single(await Lookup("127.86.0.1:4343", null, replay, TestContext.Current.CancellationToken, s_addresses[0]));
        Assert.Equal(AsnLookupStatus.Error, result.Status);
        Assert.Contains("not in the replayed recording", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_whois_entry_is_refused_when_the_recording_loads()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), $"dnscert-whois-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, """{"schema":"dnscert.recording/1","zone":"x.","roots":[],"exchanges":[],"whois_server":"127.86.0.1","whois":[{"query":"-F -M 192.0.2.1","server":"not an address"}]}""", ct);
            var error = await Assert.ThrowsAsync<DnscertException>(() => ExchangeRecording.LoadAsync(file, ct));
            Assert.Contains("whois exchange '-F -M 192.0.2.1' is damaged", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Any_whois_entry_either_loads_or_is_refused_with_a_message_naming_the_recording()
    {
        var text = Gen.String[Gen.Char["0123456789.:[]abcdef -%\\\"\n"], 0, 40];
        var maybe = Gen.Select(text, Gen.Bool, (t, present) => present ? t : null);
        Gen.Select(text, text, maybe, maybe, Gen.Int[0, 3]).Sample((server, query, response, failure, count) =>
        {
            var entry = JsonSerializer.Serialize(new { query, server, response, failure, elapsed_milliseconds = 1.5 });
            var json = $$"""{"schema":"dnscert.recording/1","zone":"x.","roots":[],"exchanges":[],"whois_server":"127.86.0.1","whois":[{{string.Join(",", Enumerable.Repeat(entry, count))}}]}""";
            var file = Path.Combine(Path.GetTempPath(), $"dnscert-whois-{Guid.NewGuid():N}.json");
            try
            {
                File.WriteAllText(file, json);
                var recording = ExchangeRecording.LoadAsync(file, CancellationToken.None).GetAwaiter().GetResult();
                var found = recording.FindWhois(query);
                Assert.True(count == 0 ? found is null : found!.Answered == (response is not null));
            }
            catch (DnscertException ex)
            {
                Assert.Contains(file, ex.Message, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(file);
            }
        }, iter: 300);
    }

    private static async Task<AsnLookup[]> Lookup(string server, ExchangeRecording? record, ExchangeRecording? replay, CancellationToken ct, params IPAddress[] addresses)
    {
        var options = new CheckOptions();
        using var runner = new QueryRunner(TimeProvider.System, options);
        var lookup = new RisWhoisLookup(new WhoisClient(TimeProvider.System), new IterativeResolver(runner, [], options), server, TimeSpan.FromSeconds(5), record, replay);
        return await lookup.LookupAsync(addresses.Length > 0 ? addresses : s_addresses, ct);
    }

    private static string Describe(AsnLookup lookup) =>
        $"{lookup.Address} {lookup.Status} {string.Join(',', lookup.Asns)} {lookup.Prefix} {lookup.Reason} | " +
        string.Join(" ; ", lookup.Evidence.Select(e => $"{e.Server} {e.Query} {e.Transport} {e.Outcome} {e.Elapsed.TotalMilliseconds:0.000} {Convert.ToBase64String(e.ResponseBytes.Span)}"));
}

using System.Runtime.CompilerServices;
using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Dns.Zone;
using Dnscert.Fuzz;

namespace Dnscert.UnitTests.Fuzz;

/// <summary>
/// Replays the fuzzing seeds (fuzz/corpus) and the inputs kept from afl-fuzz runs (tests/data/corpus): each parser
/// must read the input or refuse it with its documented exception, exactly as the harnesses of fuzz/ demand. A crash
/// afl-fuzz finds is added as a file and stays tested here from then on.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Inputs(string target) => [.. Files(target)];

    /// <summary>The seeds and kept inputs of <paramref name="target"/>, relative to the repository.</summary>
    public static List<string> Files(string target)
    {
        var files = new List<string>();
        foreach (var dir in new[] { Path.Combine(RepoRoot(), "fuzz", "corpus", target), Path.Combine(RepoRoot(), "tests", "data", "corpus", target) })
        {
            foreach (var file in Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray() : [])
            {
                files.Add(Path.GetRelativePath(RepoRoot(), file));
            }
        }

        return files;
    }

    public static TheoryData<string> MessageInputs() => Inputs("dns-message");

    public static TheoryData<string> ZoneInputs() => Inputs("zone-file");

    [Fact]
    public void Both_targets_have_inputs()
    {
        Assert.True(MessageInputs().Count >= 3);
        Assert.True(ZoneInputs().Count >= 1);
    }

    [Theory]
    [MemberData(nameof(MessageInputs))]
    public void A_kept_DNS_message_input_is_read_or_refused_with_a_format_error(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoRoot(), file));
        try
        {
            var message = DnsMessage.Parse(bytes);
            foreach (var record in message.Answers.ToArray().Concat(message.Authority.ToArray()).Concat(message.Additional.ToArray()))
            {
                Assert.NotNull(record.GetData().ToString());
            }
        }
        catch (FormatException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Theory]
    [MemberData(nameof(ZoneInputs))]
    public void A_kept_zone_file_input_is_read_or_refused_with_a_zone_or_format_error(string file)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(RepoRoot(), file)));
        try
        {
            using var reader = ZoneFileReader.FromText(text, new ZoneReaderOptions { Origin = DomainName.Parse("fuzz.test.") });
            Assert.All(reader.ReadAll().ToList(), r => Assert.NotNull(r.ToString()));
        }
        catch (Exception ex) when (ex is ZoneFileException or FormatException)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void The_seed_zone_reads_completely()
    {
        using var reader = ZoneFileReader.FromText(File.ReadAllText(Path.Combine(RepoRoot(), "fuzz", "corpus", "zone-file", "small.zone")), new ZoneReaderOptions { Origin = DomainName.Parse("fuzz.test.") });
        Assert.Equal(14, reader.ReadAll().Count());
    }

    public static TheoryData<string, string> TrafficInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in s_trafficTargets.Keys)
        {
            foreach (var file in Files(target))
            {
                data.Add(target, file);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<byte[], long>> s_trafficTargets = new(StringComparer.Ordinal)
    {
        ["pcap"] = TrafficFuzzTargets.CaptureTarget,
        ["pcapng"] = TrafficFuzzTargets.CaptureTarget,
        ["capture-gzip"] = TrafficFuzzTargets.GzipCaptureTarget,
        ["ip-fragments"] = TrafficFuzzTargets.FragmentTarget,
        ["tcp-stream"] = TrafficFuzzTargets.TcpTarget,
        ["dnstap"] = TrafficFuzzTargets.DnstapTarget,
    };

    [Theory]
    [MemberData(nameof(TrafficInputs))]
    public void A_kept_traffic_input_is_read_or_refused_with_the_readers_format_error(string target, string file)
    {
        // The target catches only the documented exceptions (capture or dnstap format errors); anything else fails here.
        var messages = s_trafficTargets[target](File.ReadAllBytes(Path.Combine(RepoRoot(), file)));
        Assert.True(messages >= 0);
    }

    [Fact]
    public void Every_traffic_target_has_seeds_and_the_seeds_carry_the_DNS_messages_they_were_built_with()
    {
        foreach (var target in s_trafficTargets.Keys)
        {
            Assert.True(Files(target).Count >= 1, target);
        }

        long Seed(string target, string name) => s_trafficTargets[target](File.ReadAllBytes(Path.Combine(RepoRoot(), "fuzz", "corpus", target, name)));

        // Six generated messages (queries and their responses) in each capture form.
        Assert.Equal(6, Seed("pcap", "udp-exchange.pcap"));
        Assert.Equal(6, Seed("pcapng", "two-interfaces.pcapng"));
        Assert.Equal(6, Seed("capture-gzip", "udp-exchange.pcap.gz"));
        Assert.Equal(1, Seed("capture-gzip", "plain-pcap-compressed-by-the-target.pcap"));
        // One response rebuilt from two IPv4 fragments and from three IPv6 fragments out of order; overlapping ones are dropped (RFC 5722).
        Assert.Equal(1, Seed("ip-fragments", "ipv4-two-fragments.bin"));
        Assert.Equal(1, Seed("ip-fragments", "ipv6-out-of-order.bin"));
        Assert.Equal(0, Seed("ip-fragments", "ipv4-overlap.bin"));
        // A query split over two segments sent in reverse order, and its response; two queries in one segment and a response.
        Assert.Equal(2, Seed("tcp-stream", "query-split-out-of-order.bin"));
        Assert.Equal(3, Seed("tcp-stream", "two-messages-one-segment-ipv6.bin"));
        // dnstap: both readers read every message of the whole file, and of the cut one the messages before the cut
        // (the strict reader then refuses the cut, the tolerant one reports it).
        var whole = Seed("dnstap", "generated.dnstap");
        var cut = Seed("dnstap", "cut-mid-frame.dnstap");
        Assert.True(whole > 0 && whole % 2 == 0, $"{whole}");
        Assert.True(cut % 2 == 0, $"{cut}");
        Assert.InRange(cut, 2, whole - 2);
    }

    private static string RepoRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}

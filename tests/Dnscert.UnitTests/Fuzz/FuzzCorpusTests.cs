using System.Runtime.CompilerServices;
using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Dns.Zone;

namespace Dnscert.UnitTests.Fuzz;

/// <summary>
/// Replays the fuzzing seeds (fuzz/corpus) and the inputs kept from afl-fuzz runs (tests/data/corpus): each parser
/// must read the input or refuse it with its documented exception, exactly as the harnesses of fuzz/ demand. A crash
/// afl-fuzz finds is added as a file and stays tested here from then on.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Inputs(string target)
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { Path.Combine(RepoRoot(), "fuzz", "corpus", target), Path.Combine(RepoRoot(), "tests", "data", "corpus", target) })
        {
            foreach (var file in Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray() : [])
            {
                data.Add(Path.GetRelativePath(RepoRoot(), file));
            }
        }

        return data;
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

    private static string RepoRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}

using System.Text;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Dns.Zone;

namespace Dnscert.Fuzz;

/// <summary>
/// The parsers that read bytes from strangers, each wrapped so that the documented failure (a FormatException
/// subclass naming what was wrong, or ZoneFileException) is a normal outcome and any other exception is a crash
/// that afl-fuzz keeps. The same entry points replay kept crashes in the unit tests.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["dns-message"] = DnsMessageTarget,
        ["zone-file"] = ZoneFileTarget,
        ["pcap"] = input => TrafficFuzzTargets.CaptureTarget(input),
        ["pcapng"] = input => TrafficFuzzTargets.CaptureTarget(input),
        ["capture-gzip"] = input => TrafficFuzzTargets.GzipCaptureTarget(input),
        ["ip-fragments"] = input => TrafficFuzzTargets.FragmentTarget(input),
        ["tcp-stream"] = input => TrafficFuzzTargets.TcpTarget(input),
        ["dnstap"] = input => TrafficFuzzTargets.DnstapTarget(input),
    };

    /// <summary>A DNS message off the wire: header, sections, every record's RDATA and its presentation form.</summary>
    public static void DnsMessageTarget(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var message = DnsMessage.Parse(input);
            foreach (var record in message.Answers.ToArray().Concat(message.Authority.ToArray()).Concat(message.Additional.ToArray()))
            {
                _ = record.GetData().ToString();
            }
        }
        catch (FormatException)
        {
            // Malformed input rejected with a message: the expected outcome.
        }
    }

    /// <summary>A zone master file: every record read, with no $INCLUDE outside an empty directory.</summary>
    public static void ZoneFileTarget(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            using var reader = ZoneFileReader.FromText(Encoding.UTF8.GetString(input), new ZoneReaderOptions { Origin = DomainName.Parse("fuzz.test.") });
            foreach (var record in reader.ReadAll())
            {
                _ = record.ToString();
            }
        }
        catch (ZoneFileException)
        {
            // Rejected with the file, line and column: the expected outcome.
        }
        catch (FormatException)
        {
            // A record's data rejected by the RDATA parser: the expected outcome.
        }
    }
}

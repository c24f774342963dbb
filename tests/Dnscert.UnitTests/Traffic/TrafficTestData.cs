using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Writers;

namespace Dnscert.UnitTests.Traffic;

/// <summary>Builds DNS messages and captures for the traffic tests, and reads them back into counts.</summary>
internal static class TrafficTestData
{
    public static readonly PacketAddress Client4 = PacketAddress.FromIPv4([127, 61, 1, 2]);
    public static readonly PacketAddress Server4 = PacketAddress.FromIPv4([127, 61, 0, 1]);
    public static readonly PacketAddress Client6 = PacketAddress.FromIPAddress(System.Net.IPAddress.Parse("fd61::2"));
    public static readonly PacketAddress Server6 = PacketAddress.FromIPAddress(System.Net.IPAddress.Parse("fd61::1"));
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Query(string name, RRType type, ushort id = 1, int padTo = 0)
    {
        var buffer = new byte[4096];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(id, DnsHeaderBits.RecursionDesired);
        writer.AddQuestion(DomainName.Parse(name), type);
        writer.AddOpt(1232, dnssecOk: true, options: padTo > 0 ? [new Dnscert.Dns.Edns.EdnsOption((Dnscert.Dns.Edns.EdnsOptionCode)12, new byte[padTo])] : null);
        return buffer.AsSpan(0, writer.Finish()).ToArray();
    }

    public static byte[] Response(string name, RRType type, DnsResponseCode rcode, ushort id = 1)
    {
        var buffer = new byte[4096];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(id, DnsHeaderBits.Response | DnsHeaderBits.RecursionDesired, DnsOpcode.Query, rcode);
        writer.AddQuestion(DomainName.Parse(name), type);
        return buffer.AsSpan(0, writer.Finish()).ToArray();
    }

    public static byte[] Pcap(int linkType, IEnumerable<byte[]> frames, bool nanoseconds = false, bool bigEndian = false, int snapLength = 262144)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, linkType, snapLength, nanoseconds, bigEndian, leaveOpen: true))
        {
            var i = 0;
            foreach (var frame in frames)
            {
                writer.Write(Start.AddMilliseconds(i++), frame);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a capture and returns every transaction's essentials plus the reader's counts.</summary>
    public static (List<Seen> Seen, TrafficReadCounts Counts) Read(byte[] capture, TrafficReaderOptions? options = null)
    {
        var seen = new List<Seen>();
        var reader = new TrafficReader(options ?? TrafficReaderOptions.Default, (in DnsTransaction t) =>
            seen.Add(new Seen(t.Timestamp, t.Source, t.Destination, t.Transport, t.Message.IsResponse, t.Message.Questions.Length > 0 ? t.Message.Questions[0].Name.ToString() : "", t.Message.Questions.Length > 0 ? t.Message.Questions[0].Type : 0, t.Message.ResponseCode, t.Message.Bytes.Length)));
        reader.ReadStream(new MemoryStream(capture), "test.pcap");
        reader.Finish();
        return (seen, reader.Counts);
    }

    public sealed record Seen(DateTimeOffset Timestamp, PacketAddress Source, PacketAddress Destination, TrafficTransport Transport, bool IsResponse, string Name, RRType Type, DnsResponseCode Rcode, int Length);
}

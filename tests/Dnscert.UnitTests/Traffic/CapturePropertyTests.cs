using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Writers;
using static Dnscert.UnitTests.Traffic.TrafficTestData;

namespace Dnscert.UnitTests.Traffic;

/// <summary>Hostile input: any mutation of a valid capture gives counted malformed records or a CaptureFormatException, nothing else.</summary>
public sealed class CapturePropertyTests
{
    private static readonly byte[] s_pcap = BuildPcap();
    private static readonly byte[] s_pcapng = new PcapngBuilder(false)
        .SectionHeader()
        .Interface(LinkType.Ethernet)
        .Interface(LinkType.LinuxSll2, tsresol: 9)
        .Enhanced(0, 1, PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.", RRType.A)))
        .Enhanced(1, 2, PacketBuilder.UdpFrame(LinkType.LinuxSll2, Client6, 1, Server6, 53, Query("b.example.", RRType.AAAA)))
        .Simple(PacketBuilder.UdpFrame(LinkType.Ethernet, Server4, 53, Client4, 1, Response("a.example.", RRType.A, DnsResponseCode.NoError)))
        .ToArray();

    private static byte[] BuildPcap()
    {
        var frames = new List<byte[]>
        {
            PacketBuilder.UdpFrame(LinkType.Ethernet, Client4, 1, Server4, 53, Query("a.example.", RRType.A)),
            PacketBuilder.TcpFrame(LinkType.Ethernet, Client4, 2, Server4, 53, 10, 0x02, []),
            PacketBuilder.TcpFrame(LinkType.Ethernet, Client4, 2, Server4, 53, 11, 0x18, PacketBuilder.TcpFramed(Query("t.example.", RRType.NS))),
        };
        var udp = PacketBuilder.Udp(53, 9, Query("f.example.", RRType.TXT, padTo: 300));
        frames.Add(PacketBuilder.Frame(LinkType.Ethernet, PacketBuilder.IP(Server6, Client6, PacketBuilder.ProtocolUdp, udp.AsSpan(0, 200), 5, 0, true)));
        frames.Add(PacketBuilder.Frame(LinkType.Ethernet, PacketBuilder.IP(Server6, Client6, PacketBuilder.ProtocolUdp, udp.AsSpan(200), 5, 200, false)));
        return Pcap(LinkType.Ethernet, frames);
    }

    private static Gen<byte[]> Mutated(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 12], Gen.Byte.Array[1, 12], Gen.Int[0, valid.Length], (positions, values, cut) =>
        {
            var copy = valid.ToArray();
            for (var i = 0; i < positions.Length; i++)
            {
                copy[positions[i]] = values[i % values.Length];
            }

            return copy[..Math.Max(cut, valid.Length / 2)];
        });

    private static void ReadOrFormatError(byte[] capture)
    {
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction t) => _ = t.Message.Questions.Length);
        try
        {
            reader.ReadStream(new MemoryStream(capture), "mutated");
            reader.Finish();
        }
        catch (CaptureFormatException)
        {
        }
    }

    [Fact]
    public void Mutated_pcap_files_never_throw_anything_but_a_format_error() =>
        Mutated(s_pcap).Sample(ReadOrFormatError, iter: 3000);

    [Fact]
    public void Mutated_pcapng_files_never_throw_anything_but_a_format_error() =>
        Mutated(s_pcapng).Sample(ReadOrFormatError, iter: 3000);

    [Fact]
    public void The_unmutated_inputs_read_cleanly()
    {
        var (seen, counts) = Read(s_pcap);
        Assert.Equal(["a.example.", "t.example.", "f.example."], seen.Select(s => s.Name));
        Assert.Equal(0, counts.Malformed.Total);
        var (seenNg, countsNg) = Read(s_pcapng);
        Assert.Equal(3, seenNg.Count);
        Assert.Equal(0, countsNg.Malformed.Total);
    }
}

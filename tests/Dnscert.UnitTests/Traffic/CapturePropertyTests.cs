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

    /// <summary>Ten framed queries cut into random segments, shuffled, some duplicated, some dropped.</summary>
    private static readonly Gen<(int[] Cuts, int[] Order, bool[] Drop, bool Dropping)> s_tcpPlan =
        Gen.Select(Gen.Int[1, 60].Array[1, 40], Gen.Int.Array[40], Gen.Bool.Array[40], Gen.Bool);

    [Fact]
    public void Any_segmentation_and_order_of_a_TCP_stream_recovers_every_message_unless_bytes_are_lost()
    {
        var messages = Enumerable.Range(0, 10).Select(i => PacketBuilder.TcpFramed(Query($"m{i}.example.", RRType.A))).ToList();
        var stream = messages.SelectMany(m => m).ToArray();
        s_tcpPlan.Sample(plan =>
        {
            var segments = new List<(uint Sequence, byte[] Data)>();
            var at = 0;
            for (var i = 0; at < stream.Length; i++)
            {
                var length = Math.Min(plan.Cuts[i % plan.Cuts.Length], stream.Length - at);
                segments.Add(((uint)(1 + at), stream[at..(at + length)]));
                at += length;
            }

            var kept = segments.Where((_, i) => !(plan.Dropping && plan.Drop[i % plan.Drop.Length] && i % 3 == 1)).ToList();
            var lost = kept.Count < segments.Count;
            // Shuffle a little: swap neighbours chosen by the plan (the out-of-order buffer holds 32 segments).
            for (var i = 0; i + 1 < kept.Count; i++)
            {
                if ((plan.Order[i % plan.Order.Length] & 3) == 0)
                {
                    (kept[i], kept[i + 1]) = (kept[i + 1], kept[i]);
                }
            }

            var frames = new List<byte[]> { PacketBuilder.TcpFrame(LinkType.Ethernet, Client4, 4000, Server4, 53, 0, 0x02, []) };
            frames.AddRange(kept.Select(k => PacketBuilder.TcpFrame(LinkType.Ethernet, Client4, 4000, Server4, 53, k.Sequence, 0x10, k.Data)));
            var (seen, counts) = Read(Pcap(LinkType.Ethernet, frames));
            if (!lost)
            {
                Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}.example."), seen.Select(x => x.Name));
                Assert.Equal(0, counts.Malformed.Total);
            }
            else
            {
                // Lost bytes lose their message and never invent one: what comes out is a subsequence, in order.
                Assert.True(seen.Count < 10);
                var expected = Enumerable.Range(0, 10).Select(i => $"m{i}.example.").ToList();
                var indexes = seen.Select(x => expected.IndexOf(x.Name)).ToList();
                Assert.DoesNotContain(-1, indexes);
                Assert.Equal(indexes.Order(), indexes);
            }
        }, iter: 500);
    }
}

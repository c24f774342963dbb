using System.IO.Compression;
using Dnscert.Traffic;
using Dnscert.Traffic.Decode;
using Dnscert.Traffic.Dnstap;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Writers;

namespace Dnscert.Fuzz;

/// <summary>
/// The traffic readers, each wrapped so that <see cref="CaptureFormatException"/> (a file that cannot be read on, with
/// its name and offset) or <see cref="DnstapFormatException"/> is the expected outcome and anything else is a crash.
/// The fragment and TCP targets build a valid pcap around records taken from the input, so that afl's mutations
/// reach the reassemblers instead of dying in the file header. This file is also compiled into the unit tests,
/// which replay the kept inputs through the same entry points.
/// </summary>
public static class TrafficFuzzTargets
{
    private static readonly PacketAddress s_client4 = PacketAddress.FromIPv4([127, 82, 0, 1]);
    private static readonly PacketAddress s_server4 = PacketAddress.FromIPv4([127, 82, 0, 2]);
    private static readonly PacketAddress s_client6 = PacketAddress.FromIPv6([0xfd, 0x82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    private static readonly PacketAddress s_server6 = PacketAddress.FromIPv6([0xfd, 0x82, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);

    /// <summary>Small limits so the fuzzer meets them: few fragments and flows, short out-of-order queues.</summary>
    public static TrafficReaderOptions Options { get; } = TrafficReaderOptions.Default with
    {
        MaxFragmentDatagrams = 8,
        MaxTcpFlows = 8,
        MaxOutOfOrderSegments = 4,
        MaxOutOfOrderBytes = 4096,
        MaxPacketLength = 65535 + 64,
    };

    /// <summary>A pcap or pcapng file (the reader tells them apart by magic number), read to the end.</summary>
    public static long CaptureTarget(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = 0L;
        try
        {
            var reader = new TrafficReader(Options, (in DnsTransaction t) => messages += t.Message.Questions.Length);
            reader.ReadStream(new MemoryStream(input, writable: false), "fuzz-input");
            reader.Finish();
        }
        catch (CaptureFormatException)
        {
            // Refused with the file name and offset: the expected outcome.
        }

        return messages;
    }

    /// <summary>A gzip-compressed capture: the input itself when it starts with gzip's magic, else the input compressed.</summary>
    public static long GzipCaptureTarget(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length >= 2 && input[0] == 0x1f && input[1] == 0x8b)
        {
            return CaptureTarget(input);
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(input);
        }

        return CaptureTarget(compressed.ToArray());
    }

    /// <summary>
    /// IP fragments of UDP datagrams to port 53. Each record of the input is
    /// [flags: bit 0 more-fragments, bit 1 IPv6, bit 2 reply direction][identification, 2 bytes][offset in 8-byte units, 2 bytes][length][payload].
    /// </summary>
    public static long FragmentTarget(byte[] input) => CaptureTarget(FragmentCapture(input));

    /// <summary>
    /// TCP segments between two clients and a server on port 53. Each record of the input is
    /// [TCP flags][bit 0 reply direction, bit 1 second client, bit 2 IPv6][sequence, 4 bytes][length][payload].
    /// </summary>
    public static long TcpTarget(byte[] input) => CaptureTarget(TcpCapture(input));

    /// <summary>A dnstap Frame Streams file through the tolerant reader of <c>traffic analyze</c> and the strict one of <c>traffic detect</c>.</summary>
    public static long DnstapTarget(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = 0L;
        try
        {
            DnstapCaptureReader.ReadStream(new MemoryStream(input, writable: false), "fuzz-input", new TrafficReadCounts(), (in DnsTransaction t) => messages += t.Message.Questions.Length, maxFrameSize: 1 << 16);
        }
        catch (CaptureFormatException)
        {
            // Refused with the file name and offset: the expected outcome.
        }

        try
        {
            DnstapFileReader.ReadAsync(new MemoryStream(input, writable: false), t => messages += t.Message.Questions.Length, CancellationToken.None, maxFrameSize: 1 << 16).GetAwaiter().GetResult();
        }
        catch (DnstapFormatException)
        {
            // Refused with what was wrong and where: the expected outcome.
        }

        return messages;
    }

    /// <summary>Builds the raw-IP pcap the fragment target reads (also used to write its seeds).</summary>
    public static byte[] FragmentCapture(ReadOnlySpan<byte> input)
    {
        using var output = new MemoryStream();
        using (var pcap = new PcapWriter(output, LinkType.Raw, leaveOpen: true))
        {
            var at = 0;
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            while (at + 6 <= input.Length)
            {
                var flags = input[at];
                var identification = (uint)((input[at + 1] << 8) | input[at + 2]);
                var offset = ((input[at + 3] << 8) | input[at + 4]) & 0x1FFF;
                var length = Math.Min(input[at + 5], input.Length - at - 6);
                var payload = input.Slice(at + 6, length);
                at += 6 + length;
                var v6 = (flags & 2) != 0;
                var reply = (flags & 4) != 0;
                var (client, server) = v6 ? (s_client6, s_server6) : (s_client4, s_server4);
                var packet = PacketBuilder.IP(reply ? server : client, reply ? client : server, PacketBuilder.ProtocolUdp, payload, identification, offset * 8, (flags & 1) != 0);
                pcap.Write(time, packet);
                time = time.AddMilliseconds(flags >> 3);
            }
        }

        return output.ToArray();
    }

    /// <summary>Builds the Ethernet pcap the TCP target reads (also used to write its seeds).</summary>
    public static byte[] TcpCapture(ReadOnlySpan<byte> input)
    {
        using var output = new MemoryStream();
        using (var pcap = new PcapWriter(output, LinkType.Ethernet, leaveOpen: true))
        {
            var at = 0;
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            while (at + 7 <= input.Length)
            {
                var flags = input[at];
                var route = input[at + 1];
                var sequence = (uint)((input[at + 2] << 24) | (input[at + 3] << 16) | (input[at + 4] << 8) | input[at + 5]);
                var length = Math.Min(input[at + 6], input.Length - at - 7);
                var payload = input.Slice(at + 7, length);
                at += 7 + length;
                var reply = (route & 1) != 0;
                var clientPort = (route & 2) != 0 ? (ushort)40002 : (ushort)40001;
                var (client, server) = (route & 4) != 0 ? (s_client6, s_server6) : (s_client4, s_server4);
                var frame = reply
                    ? PacketBuilder.TcpFrame(LinkType.Ethernet, server, 53, client, clientPort, sequence, flags, payload)
                    : PacketBuilder.TcpFrame(LinkType.Ethernet, client, clientPort, server, 53, sequence, flags, payload);
                pcap.Write(time, frame);
                time = time.AddMilliseconds(route >> 3);
            }
        }

        return output.ToArray();
    }
}

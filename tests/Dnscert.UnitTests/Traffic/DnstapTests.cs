using System.Net.Sockets;
using CsCheck;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Dnstap;
using Dnscert.Traffic.Generator;

namespace Dnscert.UnitTests.Traffic;

public sealed class DnstapTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_generated_dnstap_file_reads_back_as_the_generated_messages()
    {
        var script = TrafficGenerator.Build(4, s_start, TimeSpan.FromMinutes(2), ["amplification", "cache-poisoning"], 50);
        var expected = script.Build();
        using var file = new MemoryStream();
        await TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Dnstap, file, TestContext.Current.CancellationToken);
        file.Position = 0;

        var read = new List<(DateTimeOffset, PacketAddress, ushort, PacketAddress, ushort, byte[])>();
        var decoder = await DnstapFileReader.ReadAsync(file, t => read.Add((t.Timestamp, t.Source, t.SourcePort, t.Destination, t.DestinationPort, t.Message.Bytes.ToArray())), TestContext.Current.CancellationToken);

        Assert.Equal(expected.Count, read.Count);
        Assert.Equal(0, decoder.Skipped);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            Assert.Equal((e.Timestamp, e.Source, e.SourcePort, e.Destination, e.DestinationPort), (read[i].Item1, read[i].Item2, read[i].Item3, read[i].Item4, read[i].Item5));
            Assert.Equal(e.Wire.ToArray(), read[i].Item6);
        }
    }

    [Fact]
    public async Task A_frame_stream_of_another_content_type_is_refused_by_name()
    {
        using var file = new MemoryStream();
        var writer = new FrameStreamWriter(file);
        await writer.WriteControlAsync(FrameStreamControl.Start, "text:greetings", TestContext.Current.CancellationToken);
        await writer.WriteDataAsync("hello"u8.ToArray(), TestContext.Current.CancellationToken);
        await writer.WriteControlAsync(FrameStreamControl.Stop, null, TestContext.Current.CancellationToken);
        file.Position = 0;

        var error = await Assert.ThrowsAsync<DnstapFormatException>(() => DnstapFileReader.ReadAsync(file, _ => { }, TestContext.Current.CancellationToken));
        Assert.Contains("text:greetings", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a dnstap stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_before_it_is_read()
    {
        using var file = new MemoryStream();
        var writer = new FrameStreamWriter(file);
        await writer.WriteControlAsync(FrameStreamControl.Start, FrameStreamReader.DnstapContentType, TestContext.Current.CancellationToken);
        await writer.WriteDataAsync(new byte[5000], TestContext.Current.CancellationToken);
        file.Position = 0;

        var error = await Assert.ThrowsAsync<DnstapFormatException>(() => DnstapFileReader.ReadAsync(file, _ => { }, TestContext.Current.CancellationToken, maxFrameSize: 4096));
        Assert.Contains("5000 bytes exceeds the limit of 4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_and_response_types_map_to_the_right_direction_and_time()
    {
        var query = TrafficScript.Resolver;
        var message = new DnstapMessage
        {
            Type = DnstapMessageType.ClientResponse,
            SocketFamily = 1,
            SocketProtocol = 2,
            QueryAddress = new byte[] { 10, 0, 0, 1 },
            ResponseAddress = new byte[] { 192, 0, 2, 53 },
            QueryPort = 40000,
            ResponsePort = 53,
            QueryTime = s_start,
            ResponseTime = s_start.AddMilliseconds(12.3456),
            ResponseMessage = Response(),
        };
        var decoder = new DnstapTransactionDecoder();

        Assert.True(decoder.TryDecode(DnstapCodec.Encode(message), out var transaction));
        Assert.Equal(query, transaction.Source);
        Assert.Equal(53, transaction.SourcePort);
        Assert.Equal("10.0.0.1", transaction.Destination.ToString());
        Assert.Equal(TrafficTransport.Tcp, transaction.Transport);
        Assert.Equal(s_start.AddMilliseconds(12.3456), transaction.Timestamp);
        Assert.True(transaction.Message.IsResponse);
    }

    [Fact]
    public async Task The_listener_completes_the_bidirectional_handshake_on_a_unix_socket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dnscert-dnstap-{Guid.NewGuid():N}.sock");
        await using var listener = DnstapListener.Bind("unix:" + path, queueCapacity: 16);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var accept = listener.AcceptAsync(cts.Token);
        var received = new List<string>();
        var consume = listener.ConsumeAsync(t => received.Add(t.Message.Questions[0].Name.ToString()), cts.Token);

        using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token);
            await using var stream = new NetworkStream(client);
            var writer = new FrameStreamWriter(stream);
            var reader = new FrameStreamReader(stream);
            await writer.WriteControlAsync(FrameStreamControl.Ready, FrameStreamReader.DnstapContentType, cts.Token);
            Assert.Equal(FrameStreamControl.Accept, (await reader.ReadFrameAsync(cts.Token)).Control);
            Assert.Contains(FrameStreamReader.DnstapContentType, reader.ContentTypes);
            await writer.WriteControlAsync(FrameStreamControl.Start, FrameStreamReader.DnstapContentType, cts.Token);
            for (var i = 0; i < 40; i++)
            {
                await writer.WriteDataAsync(DnstapCodec.Encode(new DnstapMessage
                {
                    Type = DnstapMessageType.ClientResponse,
                    QueryAddress = new byte[] { 10, 0, 0, 1 },
                    ResponseAddress = new byte[] { 10, 0, 0, 2 },
                    ResponseTime = s_start,
                    ResponseMessage = Response(),
                }), cts.Token);
            }

            await writer.WriteControlAsync(FrameStreamControl.Stop, null, cts.Token);
            Assert.Equal(FrameStreamControl.Finish, (await reader.ReadFrameAsync(cts.Token)).Control);
        }

        await WaitUntil(() => listener.Received == 40);
        await WaitUntil(() => received.Count + listener.Dropped == 40);
        await cts.CancelAsync();
        await accept;
        await consume;
        Assert.Equal(40, received.Count + listener.Dropped);
        Assert.All(received, name => Assert.Equal("www.example.", name));
    }

    [Fact]
    public async Task Mutated_frame_streams_only_raise_the_readers_format_exception()
    {
        var script = TrafficGenerator.Build(2, s_start, TimeSpan.FromSeconds(2), [], 20);
        using var file = new MemoryStream();
        await TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Dnstap, file, TestContext.Current.CancellationToken);
        var original = file.ToArray();

        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte, Gen.Int[0, 3]).Array[1, 6].Sample(mutations =>
        {
            var bytes = (byte[])original.Clone();
            var length = bytes.Length;
            foreach (var (at, value, kind) in mutations)
            {
                if (kind == 3)
                {
                    length = Math.Min(length, at);
                }
                else
                {
                    bytes[at] = value;
                }
            }

            using var stream = new MemoryStream(bytes, 0, length);
            try
            {
                DnstapFileReader.ReadAsync(stream, _ => { }, CancellationToken.None, maxFrameSize: 4096).GetAwaiter().GetResult();
            }
            catch (DnstapFormatException)
            {
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_protobuf_payloads_only_raise_the_decoders_format_exception()
    {
        var valid = DnstapCodec.Encode(new DnstapMessage
        {
            Type = DnstapMessageType.ClientQuery,
            QueryAddress = new byte[] { 10, 0, 0, 1 },
            QueryTime = s_start,
            QueryMessage = Response(),
        });
        // One decoder per sample: CsCheck samples on several threads and a decoder reuses its buffers (one per stream).
        Gen.OneOf(Gen.Byte.Array[0, 200], Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 4].Select(changes =>
        {
            var copy = (byte[])valid.Clone();
            foreach (var (at, value) in changes)
            {
                copy[at] = value;
            }

            return copy;
        })).Sample(payload =>
        {
            try
            {
                new DnstapTransactionDecoder().TryDecode(payload, out _);
            }
            catch (DnstapFormatException)
            {
            }
        }, iter: 5000);
    }

    private static byte[] Response()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(7, DnsHeaderBits.Response);
        writer.AddQuestion(Dnscert.Dns.DomainName.Parse("www.example."), Dnscert.Dns.RRType.A);
        return buffer[..writer.Finish()];
    }

    // The callers assert what they waited for themselves.
    private static Task<bool> WaitUntil(Func<bool> condition) => Eventually.TrueWithin(TimeSpan.FromSeconds(5), condition, TimeSpan.FromMilliseconds(25));
}

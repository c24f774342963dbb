using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using Dnscert.Traffic;
using Dnscert.Traffic.Dnstap;
using Dnscert.Traffic.Generator;
using Dnscert.Traffic.Readers;

namespace Dnscert.UnitTests.Traffic;

/// <summary>
/// The dnstap file reader of <c>traffic analyze</c>: a whole file counts every message, a file whose writer stopped
/// early keeps what came before and reports the cut with its byte offset, and anything else is refused with the file
/// name and offset.
/// </summary>
public sealed class DnstapCaptureReaderTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_file_counts_every_generated_message_with_no_note()
    {
        var (bytes, expected) = await GeneratedAsync();
        var counts = new TrafficReadCounts();
        var names = new List<string>();
        DnstapCaptureReader.ReadStream(new MemoryStream(bytes), "whole.dnstap", counts, (in DnsTransaction t) => names.Add(t.Message.Questions[0].Name.ToString()), cancellationToken: Ct);

        Assert.Equal(expected, names.Count);
        Assert.Equal(expected, counts.Messages);
        Assert.Equal(expected, counts.Frames);
        Assert.Equal(1, counts.Files);
        Assert.Equal(0, counts.Malformed.Total);
        Assert.Empty(counts.Notes);
    }

    [Fact]
    public async Task A_file_cut_inside_a_frame_keeps_the_frames_before_and_names_the_offset_of_the_cut_frame()
    {
        var (bytes, _) = await GeneratedAsync();
        var frames = DataFrames(bytes);
        var cutAt = (int)frames[5] + 9;
        var counts = new TrafficReadCounts();
        var read = 0;
        DnstapCaptureReader.ReadStream(new MemoryStream(bytes, 0, cutAt), "cut.dnstap", counts, (in DnsTransaction _) => read++, cancellationToken: Ct);

        Assert.Equal(5, read);
        Assert.Equal(1, counts.Malformed[MalformedReason.TruncatedRecord]);
        var note = Assert.Single(counts.Notes);
        Assert.StartsWith($"cut.dnstap: at byte {frames[5]}: the dnstap file ends in the middle of a frame", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_its_STOP_frame_keeps_every_frame_and_says_so()
    {
        var (bytes, expected) = await GeneratedAsync();
        var withoutStop = bytes.AsSpan(0, bytes.Length - 12).ToArray(); // STOP: the escape, a length and the 4-byte type
        var counts = new TrafficReadCounts();
        DnstapCaptureReader.ReadStream(new MemoryStream(withoutStop), "no-stop.dnstap", counts, (in DnsTransaction _) => { }, cancellationToken: Ct);

        Assert.Equal(expected, counts.Messages);
        Assert.Equal(1, counts.Malformed[MalformedReason.TruncatedRecord]);
        Assert.StartsWith($"no-stop.dnstap: at byte {withoutStop.Length}: the dnstap file ends without a STOP frame", Assert.Single(counts.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_whose_protobuf_is_broken_is_counted_and_the_frames_after_it_are_read()
    {
        var (bytes, expected) = await GeneratedAsync();
        var frames = DataFrames(bytes);
        var broken = (byte[])bytes.Clone();
        // The first byte of the third frame's payload becomes a field tag with wire type 7, which protobuf does not have.
        broken[frames[2] + 4] = 0x0F;
        var counts = new TrafficReadCounts();
        DnstapCaptureReader.ReadStream(new MemoryStream(broken), "broken.dnstap", counts, (in DnsTransaction _) => { }, cancellationToken: Ct);

        Assert.Equal(expected - 1, counts.Messages);
        Assert.Equal(1, counts.Malformed[MalformedReason.DnstapPayloadInvalid]);
        Assert.Empty(counts.Notes);
    }

    [Fact]
    public async Task A_stream_that_is_not_dnstap_is_refused_with_the_file_name_and_offset()
    {
        using var other = new MemoryStream();
        var writer = new FrameStreamWriter(other);
        await writer.WriteControlAsync(FrameStreamControl.Start, "text:greetings", Ct);
        var error = Assert.Throws<CaptureFormatException>(() => DnstapCaptureReader.ReadStream(new MemoryStream(other.ToArray()), "other.fstrm", new TrafficReadCounts(), (in DnsTransaction _) => { }, cancellationToken: Ct));
        Assert.StartsWith("other.fstrm: at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a dnstap stream", error.Message, StringComparison.Ordinal);

        // Cut inside the START frame: nothing of dnstap was read, so it is an error, not a truncated file.
        var (bytes, _) = await GeneratedAsync();
        Assert.Throws<CaptureFormatException>(() => DnstapCaptureReader.ReadStream(new MemoryStream(bytes, 0, 10), "start.dnstap", new TrafficReadCounts(), (in DnsTransaction _) => { }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Dnstap_files_are_told_from_captures_by_their_first_bytes_also_when_compressed()
    {
        var (bytes, expected) = await GeneratedAsync();
        var directory = Directory.CreateTempSubdirectory("dnscert-dnstap-sniff-");
        try
        {
            var plain = Path.Combine(directory.FullName, "a.dnstap");
            var compressed = Path.Combine(directory.FullName, "a.dnstap.gz");
            var pcap = Path.Combine(directory.FullName, "a.pcap");
            await File.WriteAllBytesAsync(plain, bytes, Ct);
            await using (var gzip = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
            {
                await gzip.WriteAsync(bytes, Ct);
            }

            await File.WriteAllBytesAsync(pcap, TrafficTestData.Pcap(Dnscert.Traffic.Decode.LinkType.Ethernet, []), Ct);
            Assert.True(DnstapCaptureReader.IsFrameStream(plain));
            Assert.True(DnstapCaptureReader.IsFrameStream(compressed));
            Assert.False(DnstapCaptureReader.IsFrameStream(pcap));
            var counts = new TrafficReadCounts();
            DnstapCaptureReader.ReadFile(compressed, counts, (in DnsTransaction _) => { }, cancellationToken: Ct);
            Assert.Equal(expected, counts.Messages);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Mutated_and_cut_files_only_raise_the_capture_format_exception_and_never_count_more_frames_than_the_file_holds()
    {
        var (original, _) = await GeneratedAsync();
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

            var counts = new TrafficReadCounts();
            try
            {
                DnstapCaptureReader.ReadStream(new MemoryStream(bytes, 0, length), "mutated.dnstap", counts, (in DnsTransaction _) => { }, maxFrameSize: 4096, cancellationToken: Ct);
            }
            catch (CaptureFormatException e)
            {
                Assert.StartsWith("mutated.dnstap: at byte ", e.Message, StringComparison.Ordinal);
            }

            Assert.True(counts.Messages <= counts.Frames && counts.Frames * 4 <= length, $"{counts.Frames} frames in {length} bytes");
            Assert.True(counts.Notes.Count <= 1);
        }, iter: 1000);
    }

    private static async Task<(byte[] Bytes, int Messages)> GeneratedAsync()
    {
        var script = TrafficGenerator.Build(5, s_start, TimeSpan.FromSeconds(20), [], 5);
        using var file = new MemoryStream();
        var messages = await TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Dnstap, file, Ct);
        return (file.ToArray(), messages);
    }

    /// <summary>Byte offsets of the data frames (walked here independently of the reader).</summary>
    private static List<long> DataFrames(byte[] bytes)
    {
        var offsets = new List<long>();
        var at = 0;
        while (at + 4 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (length == 0)
            {
                at += 8 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4));
                continue;
            }

            offsets.Add(at);
            at += 4 + (int)length;
        }

        return offsets;
    }
}

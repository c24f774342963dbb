using BenchmarkDotNet.Attributes;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;

namespace Dnscert.Benchmarks;

/// <summary>
/// The packet path of <c>dnscert traffic analyze</c>, stage by stage, over one in-memory pcap (10 minutes of generated
/// resolver traffic with all seven attacks, about 188,000 messages), so a change to one stage can be compared with
/// the previous run: reading frames only; reading, decoding and parsing DNS; plus statistics; plus one detector each;
/// and everything together as the command runs it. Each result is for the whole capture; divide by
/// the message count printed at setup for a per-message cost. Start-up and JIT are not included here;
/// bench/traffic-vs-tshark.sh measures the whole command.
/// </summary>
[MemoryDiagnoser]
public class PacketPathBenchmarks
{
    private byte[] _capture = [];

    [GlobalSetup]
    public void Setup() => _capture = BenchmarkCapture.Bytes;

    /// <summary>Frames only: the pcap record reader, no decoding.</summary>
    [Benchmark]
    public long ReadFrames()
    {
        using var reader = CaptureFileReader.Open(new MemoryStream(_capture), "bench.pcap", new MalformedCounts());
        long frames = 0;
        while (reader.TryRead(out _))
        {
            frames++;
        }

        return frames;
    }

    /// <summary>Link, IP and UDP decoding and the checked DNS parse; the handler does nothing.</summary>
    [Benchmark]
    public long Decode()
    {
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction _) => { });
        reader.ReadStream(new MemoryStream(_capture), "bench.pcap");
        return reader.Counts.Messages;
    }

    /// <summary>Decoding plus the DSC-style statistics.</summary>
    [Benchmark]
    public long Statistics()
    {
        var statistics = new TrafficStatistics(StatisticsOptions.Default);
        var reader = new TrafficReader(TrafficReaderOptions.Default, statistics.Add);
        reader.ReadStream(new MemoryStream(_capture), "bench.pcap");
        return statistics.Totals.Messages;
    }

    /// <summary>Everything <c>traffic analyze</c> does per message: decoding, statistics and all seven detectors.</summary>
    [Benchmark]
    public int All() => DetectorBenchmarks.Run(_capture, DetectorCatalog.Factories.Select(f => f()).ToList(), new TrafficStatistics(StatisticsOptions.Default));
}

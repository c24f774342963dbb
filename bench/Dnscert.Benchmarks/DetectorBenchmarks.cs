using BenchmarkDotNet.Attributes;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Generator;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;

namespace Dnscert.Benchmarks;

/// <summary>
/// Decoding plus one detector (10 s windows) over the capture of <see cref="PacketPathBenchmarks"/>: subtract
/// <see cref="PacketPathBenchmarks.Decode"/> to get the detector's own cost.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private byte[] _capture = [];

    [ParamsSource(nameof(DetectorIds))]
    public string Detector { get; set; } = string.Empty;

    public static IEnumerable<string> DetectorIds => TrafficGenerator.Attacks;

    [GlobalSetup]
    public void Setup() => _capture = BenchmarkCapture.Bytes;

    [Benchmark]
    public int OneDetector() => Run(_capture, [.. DetectorCatalog.Factories.Select(f => f()).Where(d => d.Id == Detector)], null);

    /// <summary>Reads <paramref name="capture"/> into the detectors (and statistics when given); returns the number of detections.</summary>
    internal static int Run(byte[] capture, IReadOnlyList<IDetector> detectors, TrafficStatistics? statistics)
    {
        var pipeline = new DetectorPipeline(detectors, TimeSpan.FromSeconds(10));
        var found = new List<Detection>();
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction t) =>
        {
            statistics?.Add(t);
            pipeline.Observe(t, found);
        });
        reader.ReadStream(new MemoryStream(capture), "bench.pcap");
        found.AddRange(pipeline.Complete());
        return found.Count;
    }
}

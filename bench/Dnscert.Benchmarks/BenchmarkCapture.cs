using Dnscert.Traffic;
using Dnscert.Traffic.Generator;
using Dnscert.Traffic.Readers;

namespace Dnscert.Benchmarks;

/// <summary>
/// The capture the traffic benchmarks read, built once per process: 10 minutes of generated resolver traffic
/// (seed 1, 100 benign queries per second) with all seven scripted attacks, as an in-memory pcap, so file I/O
/// and the page cache do not enter the numbers.
/// </summary>
internal static class BenchmarkCapture
{
    private static readonly Lazy<byte[]> s_bytes = new(Build);

    public static byte[] Bytes => s_bytes.Value;

    private static byte[] Build()
    {
        var script = TrafficGenerator.Build(1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(10), TrafficGenerator.Attacks);
        using var stream = new MemoryStream();
        TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Pcap, stream, CancellationToken.None).GetAwaiter().GetResult();
        var bytes = stream.ToArray();
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction _) => { });
        reader.ReadStream(new MemoryStream(bytes), "bench.pcap");
        Console.WriteLine($"// capture: {bytes.Length} bytes, {reader.Counts.Frames} frames, {reader.Counts.Messages} DNS messages");
        return bytes;
    }
}

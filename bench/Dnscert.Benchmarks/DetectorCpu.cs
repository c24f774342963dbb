using System.Diagnostics;
using System.Globalization;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Readers;
using Dnscert.Traffic.Stats;

namespace Dnscert.Benchmarks;

/// <summary>
/// CPU seconds of the detectors on a capture file held in memory (`dotnet run -c Release --project
/// bench/Dnscert.Benchmarks -- detector-cpu FILE [ROUNDS]`): per round, reading and decoding alone, then with all
/// seven detectors, then with each detector alone, then with the statistics alone (<see cref="TrafficStatistics"/>, as
/// `traffic analyze` keeps them), so the detectors' and the statistics' shares of `traffic analyze` on the 1 M-packet
/// benchmark capture can be read without start-up. Process CPU time, not wall time: the machine is
/// shared. Runs are interleaved and the minimum and median are printed; warm-up runs first let tiered JIT settle.
/// </summary>
internal static class DetectorCpu
{
    public static void Run(string[] args)
    {
        var capture = File.ReadAllBytes(args[0]);
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        // A third argument names what to time besides decoding: "statistics", or one detector id.
        var only = args.Length > 2 ? args[2] : null;
        var ids = DetectorCatalog.Factories.Select(f => f().Id).Where(id => only is null || id == only).ToList();
        for (var i = 0; i < 2; i++)
        {
            Measure(capture, []);
            Measure(capture, ids);
            MeasureStatistics(capture);
        }

        var results = new Dictionary<string, List<double>>();
        for (var round = 0; round < rounds; round++)
        {
            Add(results, "decode only", Measure(capture, []));
            if (only is null)
            {
                Add(results, "all seven", Measure(capture, ids));
            }

            foreach (var id in ids)
            {
                Add(results, id, Measure(capture, [id]));
            }

            if (only is null or "statistics")
            {
                Add(results, "statistics", MeasureStatistics(capture));
            }
        }

        var decode = results["decode only"].Min();
        Console.WriteLine($"capture {args[0]}, {rounds} rounds, CPU s per run (min, median; minus the minimum of decode only)");
        foreach (var (name, seconds) in results)
        {
            var sorted = seconds.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} min {sorted[0]:0.000}  median {sorted[sorted.Count / 2]:0.000}  detectors {sorted[0] - decode:0.000} / {sorted[sorted.Count / 2] - decode:0.000}"));
        }
    }

    private static void Add(Dictionary<string, List<double>> results, string name, double seconds)
    {
        if (!results.TryGetValue(name, out var list))
        {
            results[name] = list = [];
        }

        list.Add(seconds);
    }

    private static double MeasureStatistics(byte[] capture)
    {
        var statistics = new TrafficStatistics(StatisticsOptions.Default);
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction t) => statistics.Add(t));
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        reader.ReadStream(new MemoryStream(capture), "capture.pcap");
        // Reading the totals and one top list is part of the report, and makes sure nothing above is left undone.
        _ = statistics.Totals.Messages + statistics.TopQnames.Top(1).Count;
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }

    private static double Measure(byte[] capture, IReadOnlyCollection<string> ids)
    {
        var detectors = DetectorCatalog.Factories.Select(f => f()).Where(d => ids.Contains(d.Id)).ToList();
        var pipeline = new DetectorPipeline(detectors, TimeSpan.FromSeconds(10));
        var found = new List<Detection>();
        var reader = new TrafficReader(TrafficReaderOptions.Default, (in DnsTransaction t) => pipeline.Observe(t, found));
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        reader.ReadStream(new MemoryStream(capture), "capture.pcap");
        found.AddRange(pipeline.Complete());
        process.Refresh();
        return (process.TotalProcessorTime - start).TotalSeconds;
    }
}

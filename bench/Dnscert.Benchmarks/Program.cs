using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Dnscert.Benchmarks -- --filter '*PacketPath*'` (BenchmarkDotNet's own options);
// `... -- detector-cpu FILE [ROUNDS] [statistics|DETECTOR-ID]`: CPU seconds of the detectors and the statistics on a
// capture file, or of one of them (DetectorCpu).
if (args is ["detector-cpu", _, ..])
{
    Dnscert.Benchmarks.DetectorCpu.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Dnscert.Benchmarks.PacketPathBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Dnscert.Benchmarks -- --filter '*PacketPath*'` (BenchmarkDotNet's own options);
// `... -- detector-cpu FILE [ROUNDS]`: CPU seconds of the detectors on a capture file (DetectorCpu).
if (args is ["detector-cpu", _, ..])
{
    Dnscert.Benchmarks.DetectorCpu.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Dnscert.Benchmarks.PacketPathBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Dnscert.Benchmarks -- --filter '*PacketPath*'` (BenchmarkDotNet's own options).
BenchmarkSwitcher.FromAssembly(typeof(Dnscert.Benchmarks.PacketPathBenchmarks).Assembly).Run(args);

using Dnscert.Fuzz;
using SharpFuzz;

if (args.Length == 2 && args[0] == "seeds")
{
    // Writes the traffic targets' seeds into fuzz/corpus (see docs/fuzzing.md).
    FuzzSeeds.Write(args[1]);
    return 0;
}

// One harness per target; afl-fuzz starts this process once and feeds it inputs through SharpFuzz's fork server.
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: Dnscert.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}>  (run through fuzz/run.sh)");
    return 2;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;

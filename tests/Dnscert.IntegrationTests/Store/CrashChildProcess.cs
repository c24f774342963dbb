using System.Diagnostics;

namespace Dnscert.IntegrationTests.Store;

/// <summary>Starts <see cref="CrashChild"/> in a new process, waits for enough acknowledged writes, and kills it with SIGKILL.</summary>
internal static class CrashChildProcess
{
    public static async Task<IReadOnlyList<Guid>> RunAndKillAsync(string spec, int acknowledgements) =>
        // A line cut short by the kill is not an acknowledgement.
        [.. (await RunAndKillAsync(spec, acknowledgements, CrashChild.TestName)).Select(a => Guid.TryParse(a, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];

    /// <summary>Runs the explicit test <paramref name="testName"/> as the child; returns what followed "ack " on each acknowledgement line.</summary>
    public static async Task<IReadOnlyList<string>> RunAndKillAsync(string spec, int acknowledgements, string testName)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Dnscert.IntegrationTests");
        var start = File.Exists(program)
            ? new ProcessStartInfo(program)
            : new ProcessStartInfo("dotnet") { ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "Dnscert.IntegrationTests.dll") } };
        foreach (var argument in new[] { "-method", testName, "-explicit", "only" })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment[CrashChild.EnvironmentVariable] = spec;

        // The child needs no lab; the assembly fixture must not start one.
        start.Environment["DNSCERT_TEST_LAB"] = "off";
        start.Environment.Remove("CI");

        var acknowledged = new List<string>();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (acknowledged.Count < acknowledgements)
            {
                var line = await process.StandardOutput.ReadLineAsync(limit.Token);
                if (line is null)
                {
                    Assert.Fail($"the child ended before {acknowledgements} writes (exit {await ExitCodeAsync(process)}): {await stderr}");
                }

                if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    acknowledged.Add(line[4..]);
                }
            }
        }
        finally
        {
            // Process.Kill is SIGKILL on Unix: no finally blocks, no disposal, no flush in the child.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Acknowledgements printed before the kill but not yet read still count.
        while (await process.StandardOutput.ReadLineAsync() is { } rest)
        {
            if (rest.StartsWith("ack ", StringComparison.Ordinal))
            {
                acknowledged.Add(rest[4..]);
            }
        }

        return acknowledged;
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}

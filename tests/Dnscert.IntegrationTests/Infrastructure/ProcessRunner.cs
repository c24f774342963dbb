using System.Diagnostics;

namespace Dnscert.IntegrationTests.Infrastructure;

/// <summary>Runs a program to completion with a time limit and returns what it printed.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessOutput> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? limit = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in time");
        }

        return new ProcessOutput(process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessOutput> DnscertAsync(params string[] arguments) =>
        RunAsync(TestEnvironment.DnscertProgram, arguments);
}

public sealed record ProcessOutput(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

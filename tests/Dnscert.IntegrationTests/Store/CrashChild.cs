using Dnscert.Core.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Store;

/// <summary>
/// The process the crash test kills with SIGKILL: this test program re-run with only this explicit test and
/// <see cref="EnvironmentVariable"/> set. It writes check runs through the store until killed, printing "ack ID"
/// after each one is committed. Simpler than a separate console project, and the child is the same build as the
/// test. Being explicit, it never runs in a normal test run.
/// </summary>
public sealed class CrashChild
{
    public const string EnvironmentVariable = "DNSCERT_STORE_CRASH_CHILD";

    public const string Zone = "crash.test";

    public static string TestName => $"{typeof(CrashChild).FullName}.{nameof(Write_check_runs_until_killed)}";

    [Fact(Explicit = true)]
    public async Task Write_check_runs_until_killed()
    {
        var spec = Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "";
        Assert.SkipWhen(spec.Length == 0, $"runs only as the crash test's child process ({EnvironmentVariable} is not set)");

        var parts = spec.Split('|', 2);
        var options = new StoreOptions();
        if (parts[0] == "sqlite")
        {
            options.DataDirectory = parts[1];
        }
        else
        {
            options.PostgreSql = parts[1];
        }

        await using var store = await StoreFactory.OpenAsync(options, cancellationToken: TestContext.Current.CancellationToken);

        // Never outlive a test run that lost track of us.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writers = Enumerable.Range(0, 8).Select(async w =>
        {
            for (var i = 0; !deadline.IsCancellationRequested; i++)
            {
                var evidence = new[] { StoreSamples.Blob($"query {w} {i}"), StoreSamples.Blob($"response {w} {i}") };
                var run = StoreSamples.Run(Zone, StoreSamples.T0.AddSeconds(i), evidence);
                await store.CheckRuns.AddAsync(run, evidence, TestContext.Current.CancellationToken);
                Console.Out.WriteLine($"ack {run.Id}");
            }
        });
        await Task.WhenAll(writers);
    }
}

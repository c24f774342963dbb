using System.Net;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Core.Store;
using Dnscert.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>
/// A run whose checks are done waits for the store's single writer without its check slot: the next due zone starts
/// meanwhile, at most one and a half times as many runs as slots are in flight in all, and none is lost or run twice. Real SQLite, whose
/// write lock another connection holds; the root (127.86.0.1, where nothing listens) refuses at once, so every run's
/// checks end within moments and only the store holds them.
/// </summary>
public sealed class StoreWaitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_waiting_for_the_store_hands_its_check_slot_on_and_every_zone_is_stored_once()
    {
        var directory = Directory.CreateTempSubdirectory("dnscert-store-wait-").FullName;
        try
        {
            // The writer waits for the lock inside the statement instead of failing after the default 5 s.
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory, LockTimeout = TimeSpan.FromSeconds(60) }, cancellationToken: Ct);
            var options = new MonitorOptions { MaxConcurrentChecks = 4, PollInterval = TimeSpan.FromMilliseconds(50) };
            var checks = new CheckOptions { UseIPv6 = false, QueryTimeout = TimeSpan.FromSeconds(1), Retries = 0 };
            using var monitor = new ZoneMonitor(store, TimeProvider.System, options, checks, [IPAddress.Parse("127.86.0.1")], null, NullLogger.Instance);
            var zones = Enumerable.Range(1, 10).Select(i => $"z{i}.wait.test").ToList();
            await monitor.AddZonesAsync("wait", zones, Tlp.Amber, Ct);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            Task run;
            var mostInFlight = 0;
            await using (var writeLock = new SqliteConnection($"Data Source={Path.Combine(directory, StoreOptions.SqliteFileName)};Pooling=False"))
            {
                await writeLock.OpenAsync(Ct);
                await using (var begin = writeLock.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE";
                    await begin.ExecuteNonQueryAsync(Ct);
                }

                run = monitor.RunAsync(stop.Token);
                // Four slots: with runs that held their slot until stored, four zones would be waiting here, and no more.
                for (var waited = 0; waited < 300 && monitor.RunsBeingStored < 6; waited++)
                {
                    mostInFlight = Math.Max(mostInFlight, monitor.ChecksInFlight + monitor.RunsBeingStored);
                    await Task.Delay(50, Ct);
                }

                Assert.Equal(6, monitor.RunsBeingStored);
                // The bound holds: nothing more starts while six runs (four slots and half as many again) wait for the store.
                for (var i = 0; i < 10; i++)
                {
                    mostInFlight = Math.Max(mostInFlight, monitor.ChecksInFlight + monitor.RunsBeingStored);
                    await Task.Delay(50, Ct);
                }

                Assert.Equal(0, monitor.ChecksInFlight);
                Assert.Equal(6, mostInFlight);
            } // the lock's transaction rolls back, and the writer goes on

            var stored = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var waited = 0; waited < 600; waited++)
            {
                foreach (var zone in zones)
                {
                    stored[zone] = (await store.CheckRuns.SummariesAsync(zone, 10, Ct)).Count;
                }

                if (stored.Values.All(n => n > 0))
                {
                    break;
                }

                await Task.Delay(50, Ct);
            }

            await stop.CancelAsync();
            await run;
            Assert.All(zones, zone => Assert.Equal(1, stored[zone]));
            Assert.Equal(0, monitor.ChecksInFlight + monitor.RunsBeingStored);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

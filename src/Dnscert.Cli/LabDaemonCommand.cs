using System.CommandLine;
using System.Runtime.InteropServices;
using Dnscert.Core;
using Dnscert.Lab.Proxy;

namespace Dnscert.Cli;

/// <summary>
/// Hidden <c>dnscert lab daemon</c>: the background process that serves the lab's proxy endpoints (fault
/// injection and latency relay). <c>lab up</c> starts it detached; it writes <c>proxy.ready</c> once every
/// endpoint is bound and stops on SIGTERM.
/// </summary>
internal static class LabDaemonCommand
{
    public static Command Build(CliContext context)
    {
        var daemon = new Command("daemon", "Run the lab's fault-injecting proxy and latency relay (started by 'lab up').") { Hidden = true };
        daemon.SetAction(async (parse, ct) =>
        {
            var layout = LabCommands.Layout(parse);
            await File.WriteAllTextAsync(layout.ProxyPidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", ct).ConfigureAwait(false);
            IReadOnlyList<ProxyEndpoint> endpoints;
            try
            {
                endpoints = await ProxyConfigFile.LoadAsync(layout.ProxyConfigFile, ct).ConfigureAwait(false);
            }
            catch (ProxyConfigException ex)
            {
                throw new DnscertException($"{layout.ProxyConfigFile}: {ex.Message}", ex);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            await using var host = new LabProxyHost(context.Time, context.Error);
            await host.StartAsync(endpoints, stop.Token).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(layout.ProxyConfigFile)!, "proxy.ready"), $"{endpoints.Count}\n", ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Lab proxy: {endpoints.Count} endpoints listening.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await context.Error.WriteLineAsync($"Lab proxy stopping: {host.Counters}").ConfigureAwait(false);
            }

            await host.StopAsync().ConfigureAwait(false);
            return 0;
        });
        return daemon;
    }
}

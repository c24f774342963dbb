using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Lab.Control;
using Dnscert.Lab.Proxy;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Cli;

/// <summary>
/// Hidden <c>dnscert lab daemon</c>: the background process that serves the lab's proxy endpoints (fault
/// injection and latency relay). <c>lab up</c> starts it detached; it writes <c>proxy.ready</c> once every
/// endpoint is bound and stops on SIGTERM.
/// </summary>
internal static class LabDaemonCommand
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Build(CliContext context)
    {
        var daemon = new Command("daemon", "Run the lab's fault-injecting proxy and latency relay (started by 'lab up').") { Hidden = true };
        daemon.SetAction(async (parse, ct) =>
        {
            var layout = LabCommands.Layout(parse);
            var entries = JsonSerializer.Deserialize<List<ProxyConfigEntry>>(await File.ReadAllTextAsync(layout.ProxyConfigFile, ct).ConfigureAwait(false), s_json)
                ?? throw new DnscertException($"{layout.ProxyConfigFile} is empty.");
            var endpoints = entries.Select(ToEndpoint).ToList();
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

    internal static ProxyEndpoint ToEndpoint(ProxyConfigEntry entry) =>
        new(
            new IPEndPoint(IPAddress.Parse(entry.Listen), LabAddresses.DnsPort),
            entry.Backend is null ? null : new IPEndPoint(IPAddress.Parse(entry.Backend), LabAddresses.DnsPort),
            TimeSpan.FromMilliseconds(entry.OneWayDelayMilliseconds),
            [.. entry.Faults.Select(ToRule)]);

    internal static FaultRule ToRule(FaultSpec spec) =>
        new(spec.Kind switch
        {
            "drop" => FaultKind.Drop,
            "drop-tcp" => FaultKind.DropTcp,
            "truncate-udp" => FaultKind.TruncateUdp,
            "wrong-id" => FaultKind.WrongId,
            "garbage" => FaultKind.Garbage,
            "compression-loop" => FaultKind.CompressionLoop,
            "slow-drip-tcp" => FaultKind.SlowDripTcp,
            "refused" => FaultKind.Refused,
            "servfail" => FaultKind.ServFail,
            "add-answer" => FaultKind.AddAnswer,
            "oversized-udp" => FaultKind.OversizedUdp,
            _ => throw new DnscertException($"unknown fault kind '{spec.Kind}'."),
        })
        {
            QTypes = spec.Qtypes ?? [],
            Transport = spec.Transport ?? "both",
            Records = spec.Records ?? [],
            QName = spec.Qname,
        };
}

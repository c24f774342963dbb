using System.CommandLine;

namespace Dnscert.Cli;

/// <summary>Hidden <c>dnscert lab daemon</c>: the background process that runs the lab's proxy endpoints.</summary>
internal static class LabDaemonCommand
{
    public static Command Build(CliContext context)
    {
        _ = context;
        var daemon = new Command("daemon", "Run the lab's fault-injecting proxy and latency relay (started by 'lab up').") { Hidden = true };
        daemon.SetAction(int (_) => throw new Core.DnscertException("the lab proxy is not built into this version."));
        return daemon;
    }
}

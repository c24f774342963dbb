using System.Globalization;
using System.Text;
using Dnscert.Lab.Plan;

namespace Dnscert.Lab.Servers;

/// <summary>An NSD process for one lab server: its own address, no privileges dropped, rate limiting off.</summary>
public static class NsdConfig
{
    public static RunUnit Create(ServerInstance server, LabLayout layout)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(layout);
        var files = UnitFiles.In(layout.ServerDirectory(server), "nsd");
        var (dir, conf, pid, log) = (files.Directory, files.Config, files.Pid, files.Log);
        var c = new StringBuilder();
        c.AppendLine("# Written by dnscert lab: one NSD per lab server, initiating nothing (no NOTIFY, no transfers).");
        c.AppendLine("server:");
        c.AppendLine(CultureInfo.InvariantCulture, $"  ip-address: {server.BindAddress}");
        c.AppendLine("  port: 53");
        c.AppendLine("  do-ip4: yes");
        c.AppendLine("  do-ip6: no");
        c.AppendLine("  server-count: 1");
        c.AppendLine("  tcp-count: 64");
        c.AppendLine("  username: \"\"");
        c.AppendLine("  chroot: \"\"");
        c.AppendLine("  zonesdir: \"\"");
        c.AppendLine("  database: \"\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"  zonelistfile: \"{dir}/zone.list\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"  xfrdfile: \"{dir}/xfrd.state\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"  xfrdir: \"{dir}\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"  pidfile: \"{pid}\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"  logfile: \"{log}\"");
        c.AppendLine("  verbosity: 1");
        c.AppendLine("  hide-version: no");
        c.AppendLine("  identity: \"" + server.Id + "\"");
        c.AppendLine("  nsid: \"ascii_" + server.Id + "\"");
        c.AppendLine("  # Rate limiting would cap load tests at a few thousand queries per second.");
        c.AppendLine("  rrl-ratelimit: 0");
        c.AppendLine("remote-control:");
        c.AppendLine("  control-enable: no");
        foreach (var (zone, file) in server.Zones)
        {
            c.AppendLine("zone:");
            c.AppendLine(CultureInfo.InvariantCulture, $"  name: \"{zone}\"");
            c.AppendLine(CultureInfo.InvariantCulture, $"  zonefile: \"{file}\"");
            if (server.AxfrOpen)
            {
                c.AppendLine("  provide-xfr: 0.0.0.0/0 NOKEY");
            }
        }

        return new RunUnit
        {
            Id = server.Id,
            Software = "nsd",
            Directory = dir,
            ConfigPath = conf,
            ConfigText = c.ToString(),
            PidFile = pid,
            LogFile = log,
            Command = ["nsd", "-c", conf],
            Inputs = [.. server.Zones.Values],
            ReadinessQueries = ReadinessOf(server),
            Addresses = [server.PublicAddress.ToString()],
        };
    }

    internal static List<(System.Net.IPAddress, string)> ReadinessOf(ServerInstance server) =>
        server.Zones.Keys.Take(1).Select(z => (server.BindAddress, z)).ToList();
}

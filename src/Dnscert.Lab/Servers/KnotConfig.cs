using System.Globalization;
using System.Text;
using Dnscert.Lab.Plan;

namespace Dnscert.Lab.Servers;

/// <summary>A Knot DNS process for one lab server; zone files are loaded as they are and never written back.</summary>
public static class KnotConfig
{
    public static RunUnit Create(ServerInstance server, LabLayout layout)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(layout);
        var files = UnitFiles.In(layout.ServerDirectory(server), "knot");
        var (dir, conf, pid, log) = (files.Directory, files.Config, files.Pid, files.Log);
        var c = new StringBuilder();
        c.AppendLine("# Written by dnscert lab: one Knot per lab server, initiating nothing (no NOTIFY, no transfers).");
        c.AppendLine("server:");
        c.AppendLine(CultureInfo.InvariantCulture, $"    rundir: \"{dir}\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"    pidfile: \"{pid}\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"    listen: {server.BindAddress}@53");
        c.AppendLine(CultureInfo.InvariantCulture, $"    identity: \"{server.Id}\"");
        c.AppendLine(CultureInfo.InvariantCulture, $"    nsid: \"{server.Id}\"");
        c.AppendLine("    udp-workers: 1");
        c.AppendLine("    tcp-workers: 1");
        c.AppendLine("    background-workers: 1");
        c.AppendLine("database:");
        c.AppendLine(CultureInfo.InvariantCulture, $"    storage: \"{dir}/db\"");
        c.AppendLine("log:");
        c.AppendLine(CultureInfo.InvariantCulture, $"  - target: \"{log}\"");
        c.AppendLine("    any: info");
        c.AppendLine("control:");
        c.AppendLine(CultureInfo.InvariantCulture, $"    listen: \"{dir}/knot.sock\"");
        c.AppendLine("acl:");
        c.AppendLine("  - id: transfer-any");
        c.AppendLine("    address: [ 0.0.0.0/0 ]");
        c.AppendLine("    action: transfer");
        c.AppendLine("template:");
        c.AppendLine("  - id: default");
        c.AppendLine(CultureInfo.InvariantCulture, $"    storage: \"{dir}\"");
        c.AppendLine("    zonefile-sync: -1");
        c.AppendLine("    zonefile-load: whole");
        c.AppendLine("    journal-content: none");
        c.AppendLine("    # Lab zones carry planted faults; only Knot's mandatory checks stay on.");
        c.AppendLine("    semantic-checks: off");
        if (server.Zones.Count > 0)
        {
            c.AppendLine("zone:");
        }

        foreach (var (zone, file) in server.Zones)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"  - domain: \"{zone}\"");
            c.AppendLine(CultureInfo.InvariantCulture, $"    file: \"{file}\"");
            if (server.AxfrOpen)
            {
                c.AppendLine("    acl: [ transfer-any ]");
            }
        }

        return new RunUnit
        {
            Id = server.Id,
            Software = "knot",
            Directory = dir,
            ConfigPath = conf,
            ConfigText = c.ToString(),
            PidFile = pid,
            LogFile = log,
            Command = ["knotd", "-d", "-c", conf],
            Inputs = [.. server.Zones.Values],
            ReadinessQueries = NsdConfig.ReadinessOf(server),
            Addresses = [server.PublicAddress.ToString()],
        };
    }
}

using System.Globalization;
using System.Text;
using Dnscert.Lab.Plan;

namespace Dnscert.Lab.Servers;

/// <summary>
/// One BIND process for all lab servers that use BIND: each server is a view matched by its destination
/// address, so every one keeps its own zones. NOTIFY is off and no view forwards; a recursive view
/// resolves from the lab's root hints only, so it never leaves the machine.
/// </summary>
public static class BindConfig
{
    public const string UnitId = "bind";

    public static RunUnit? Create(IReadOnlyList<ServerInstance> servers, LabLayout layout)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(layout);
        if (servers.Count == 0)
        {
            return null;
        }

        var files = UnitFiles.In(Path.Combine(layout.ServersDirectory, UnitId), "named");
        var (dir, conf, pid, log) = (files.Directory, files.Config, files.Pid, files.Log);
        var c = new StringBuilder();
        c.AppendLine("// Written by dnscert lab.");
        c.AppendLine("options {");
        c.AppendLine(CultureInfo.InvariantCulture, $"    directory \"{dir}\";");
        c.AppendLine(CultureInfo.InvariantCulture, $"    pid-file \"{pid}\";");
        c.AppendLine(CultureInfo.InvariantCulture, $"    session-keyfile \"{dir}/session.key\";");
        c.AppendLine(CultureInfo.InvariantCulture, $"    managed-keys-directory \"{dir}\";");
        c.AppendLine(CultureInfo.InvariantCulture, $"    listen-on port 53 {{ {string.Join(' ', servers.Select(s => s.BindAddress + ";"))} }};");
        c.AppendLine("    listen-on-v6 { none; };");
        c.AppendLine("    recursion no;");
        c.AppendLine("    notify no;");
        c.AppendLine("    dnssec-validation no;");
        c.AppendLine("    allow-transfer { none; };");
        c.AppendLine("    empty-zones-enable no;");
        c.AppendLine("    // Lab zones carry planted faults: load them as they are.");
        c.AppendLine("    check-names primary ignore;");
        c.AppendLine("    check-names secondary ignore;");
        c.AppendLine("    check-names response ignore;");
        c.AppendLine("    check-integrity no;");
        c.AppendLine("    check-mx ignore;");
        c.AppendLine("    check-mx-cname ignore;");
        c.AppendLine("    check-srv-cname ignore;");
        c.AppendLine("    check-sibling no;");
        c.AppendLine("    check-wildcard no;");
        c.AppendLine("    check-dup-records ignore;");
        c.AppendLine("    server-id hostname;");
        c.AppendLine("};");
        c.AppendLine("controls { };");
        c.AppendLine("logging {");
        c.AppendLine(CultureInfo.InvariantCulture, $"    channel lab {{ file \"{log}\"; severity info; print-time yes; }};");
        c.AppendLine("    category default { lab; };");
        c.AppendLine("    category lame-servers { null; };");
        c.AppendLine("};");
        foreach (var server in servers)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"view \"{server.FolderName}\" {{");
            c.AppendLine(CultureInfo.InvariantCulture, $"    match-destinations {{ {server.BindAddress}; }};");
            if (server.Recursion)
            {
                c.AppendLine("    recursion yes;");
                c.AppendLine("    allow-recursion { any; };");
                c.AppendLine("    allow-query-cache { any; };");
                c.AppendLine(CultureInfo.InvariantCulture, $"    zone \".\" {{ type hint; file \"{layout.HintsFile}\"; }};");
            }

            foreach (var (zone, file) in server.Zones)
            {
                c.AppendLine(CultureInfo.InvariantCulture, $"    zone \"{zone}\" {{ type primary; file \"{file}\";{(server.AxfrOpen ? " allow-transfer { any; };" : string.Empty)} }};");
            }

            c.AppendLine("};");
        }

        return new RunUnit
        {
            Id = UnitId,
            Software = "bind",
            Directory = dir,
            ConfigPath = conf,
            ConfigText = c.ToString(),
            PidFile = pid,
            LogFile = log,
            Command = ["named", "-c", conf],
            Inputs = [.. servers.SelectMany(s => s.Zones.Values).Distinct(StringComparer.Ordinal)],
            ReadinessQueries = [.. servers.SelectMany(NsdConfig.ReadinessOf)],
            Addresses = [.. servers.Select(s => s.PublicAddress.ToString())],
            InterfaceAddresses = [.. servers.Select(s => s.BindAddress)],
        };
    }
}

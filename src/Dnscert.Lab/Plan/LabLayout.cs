namespace Dnscert.Lab.Plan;

/// <summary>Where the lab keeps its generated files, all below one state folder.</summary>
public sealed class LabLayout(string root)
{
    /// <summary>Default state folder: <c>$DNSCERT_LAB_DIR</c>, else <c>/tmp/dnscert-lab</c>.</summary>
    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("DNSCERT_LAB_DIR") is { Length: > 0 } dir ? dir : "/tmp/dnscert-lab";

    public string Root { get; } = Path.GetFullPath(root);

    public string StateFile => Path.Combine(Root, "state.json");

    public string HintsFile => Path.Combine(Root, "hints.zone");

    /// <summary>A check profile for lab zones (<c>dnscert check --profile</c>): see <see cref="LabCheckProfile"/>.</summary>
    public string CheckProfileFile => Path.Combine(Root, "check-profile.json");

    public string TrustAnchorFile => Path.Combine(Root, "trust-anchor.ds");

    public string TrustAnchorKeyFile => Path.Combine(Root, "trust-anchor.dnskey");

    public string ZonesDirectory => Path.Combine(Root, "zones");

    public string ServersDirectory => Path.Combine(Root, "servers");

    public string ProxyConfigFile => Path.Combine(Root, "proxy", "proxy.json");

    public string ProxyPidFile => Path.Combine(Root, "proxy", "proxy.pid");

    public string ProxyLogFile => Path.Combine(Root, "proxy", "proxy.log");

    public string ServerDirectory(ServerInstance server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Path.Combine(ServersDirectory, server.FolderName);
    }
}

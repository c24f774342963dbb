using System.Net;

namespace Dnscert.Lab.Plan;

/// <summary>One real name server the lab runs: its implementation, the address it binds to and its zones.</summary>
public sealed class ServerInstance(string id, string software, IPAddress bindAddress, IPAddress publicAddress)
{
    /// <summary><c>hierarchy/root-a</c> or <c>&lt;scenario&gt;/&lt;server&gt;</c>.</summary>
    public string Id { get; } = id;

    /// <summary><c>nsd</c>, <c>knot</c> or <c>bind</c>.</summary>
    public string Software { get; } = software;

    /// <summary>Where the process listens: the public address, or the hidden 127.54 one behind a relay or proxy.</summary>
    public IPAddress BindAddress { get; } = bindAddress;

    /// <summary>The address delegations and users name.</summary>
    public IPAddress PublicAddress { get; } = publicAddress;

    public bool AxfrOpen { get; init; }

    public bool Recursion { get; init; }

    /// <summary>Zone name to master-file path.</summary>
    public SortedDictionary<string, string> Zones { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The folder name of this instance under the state folder's <c>servers/</c>.</summary>
    public string FolderName => Id.Replace('/', '_');
}

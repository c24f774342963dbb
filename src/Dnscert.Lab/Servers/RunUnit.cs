using System.Net;

namespace Dnscert.Lab.Servers;

/// <summary>One process the lab starts: a name server (NSD, Knot, one BIND for all BIND servers) or the proxy.</summary>
public sealed class RunUnit
{
    public required string Id { get; init; }

    public required string Software { get; init; }

    public required string Directory { get; init; }

    public required string ConfigPath { get; init; }

    public required string ConfigText { get; init; }

    public required string PidFile { get; init; }

    public required string LogFile { get; init; }

    /// <summary>The program and its arguments; the program puts itself in the background.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Files whose content the running process depends on (zone files), for the fingerprint.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>(address, zone) pairs that must answer before the unit counts as ready.</summary>
    public IReadOnlyList<(IPAddress Address, string Zone)> ReadinessQueries { get; init; } = [];

    /// <summary>A file the process writes once it listens, for units that cannot be probed with a query.</summary>
    public string? ReadyFile { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Addresses that must exist on an interface before the process starts (BIND scans interfaces).</summary>
    public IReadOnlyList<IPAddress> InterfaceAddresses { get; init; } = [];
}

using Dnscert.Dns.Edns;

namespace Dnscert.Dns.Wire;

/// <summary>The OPT record a query carries. 1232 is the DNS Flag Day 2020 buffer size.</summary>
public sealed record EdnsQueryOptions
{
    public ushort UdpPayloadSize { get; init; } = 1232;

    public bool DnssecOk { get; init; }

    public byte Version { get; init; }

    public IReadOnlyList<EdnsOption> Options { get; init; } = [];
}

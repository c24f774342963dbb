using System.Net;

namespace Dnscert.Checks.Address;

/// <summary>How the IANA special-purpose address registries classify an address, as ADDRESS01 groups them.</summary>
public enum AddressUse
{
    GloballyReachable,
    Documentation,
    LocalUse,
    NotGloballyReachable,
}

/// <summary>
/// The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates, as published in 2025),
/// compiled in: a check must not fetch anything from the Internet, and the registries change a few times a
/// decade. The most specific block that contains an address decides; an address in no block is globally reachable.
/// </summary>
public static class SpecialPurposeAddresses
{
    private static readonly Block[] s_blocks =
    [
        // IPv4
        new("0.0.0.0/8", "This network", AddressUse.NotGloballyReachable),
        new("10.0.0.0/8", "Private-Use", AddressUse.LocalUse),
        new("100.64.0.0/10", "Shared Address Space", AddressUse.LocalUse),
        new("127.0.0.0/8", "Loopback", AddressUse.LocalUse),
        new("169.254.0.0/16", "Link Local", AddressUse.LocalUse),
        new("172.16.0.0/12", "Private-Use", AddressUse.LocalUse),
        new("192.0.0.0/24", "IETF Protocol Assignments", AddressUse.NotGloballyReachable),
        new("192.0.0.9/32", "Port Control Protocol Anycast", AddressUse.GloballyReachable),
        new("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", AddressUse.GloballyReachable),
        new("192.0.2.0/24", "Documentation (TEST-NET-1)", AddressUse.Documentation),
        new("192.31.196.0/24", "AS112-v4", AddressUse.GloballyReachable),
        new("192.52.193.0/24", "AMT", AddressUse.GloballyReachable),
        new("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", AddressUse.NotGloballyReachable),
        new("192.168.0.0/16", "Private-Use", AddressUse.LocalUse),
        new("192.175.48.0/24", "Direct Delegation AS112 Service", AddressUse.GloballyReachable),
        new("198.18.0.0/15", "Benchmarking", AddressUse.NotGloballyReachable),
        new("198.51.100.0/24", "Documentation (TEST-NET-2)", AddressUse.Documentation),
        new("203.0.113.0/24", "Documentation (TEST-NET-3)", AddressUse.Documentation),
        new("240.0.0.0/4", "Reserved", AddressUse.NotGloballyReachable),
        new("255.255.255.255/32", "Limited Broadcast", AddressUse.NotGloballyReachable),

        // IPv6
        new("::/128", "Unspecified Address", AddressUse.NotGloballyReachable),
        new("::1/128", "Loopback Address", AddressUse.LocalUse),
        new("::ffff:0:0/96", "IPv4-mapped Address", AddressUse.NotGloballyReachable),
        new("64:ff9b::/96", "IPv4-IPv6 Translation", AddressUse.GloballyReachable),
        new("64:ff9b:1::/48", "IPv4-IPv6 Translation (local)", AddressUse.NotGloballyReachable),
        new("100::/64", "Discard-Only Address Block", AddressUse.NotGloballyReachable),
        new("100:0:0:1::/64", "Dummy IPv6 Prefix", AddressUse.NotGloballyReachable),
        new("2001::/23", "IETF Protocol Assignments", AddressUse.NotGloballyReachable),
        new("2001::/32", "TEREDO", AddressUse.NotGloballyReachable),
        new("2001:1::1/128", "Port Control Protocol Anycast", AddressUse.GloballyReachable),
        new("2001:1::2/128", "Traversal Using Relays around NAT Anycast", AddressUse.GloballyReachable),
        new("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", AddressUse.GloballyReachable),
        new("2001:2::/48", "Benchmarking", AddressUse.NotGloballyReachable),
        new("2001:3::/32", "AMT", AddressUse.GloballyReachable),
        new("2001:4:112::/48", "AS112-v6", AddressUse.GloballyReachable),
        new("2001:10::/28", "Deprecated (ORCHID)", AddressUse.NotGloballyReachable),
        new("2001:20::/28", "ORCHIDv2", AddressUse.GloballyReachable),
        new("2001:30::/28", "Drone Remote ID Protocol Entity Tags", AddressUse.GloballyReachable),
        new("2001:db8::/32", "Documentation", AddressUse.Documentation),
        new("2002::/16", "6to4", AddressUse.NotGloballyReachable),
        new("2620:4f:8000::/48", "Direct Delegation AS112 Service", AddressUse.GloballyReachable),
        new("3fff::/20", "Documentation", AddressUse.Documentation),
        new("5f00::/16", "Segment Routing (SRv6) SIDs", AddressUse.NotGloballyReachable),
        new("fc00::/7", "Unique-Local", AddressUse.LocalUse),
        new("fe80::/10", "Link-Local Unicast", AddressUse.LocalUse),
    ];

    /// <summary>The use of an address and the registry entry that decided it (null: in no special block).</summary>
    public static (AddressUse Use, string? Block) Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Block? best = null;
        foreach (var block in s_blocks)
        {
            if (block.Network.Contains(address) && (best is null || block.Network.PrefixLength > best.Network.PrefixLength))
            {
                best = block;
            }
        }

        return best is null ? (AddressUse.GloballyReachable, null) : (best.Use, $"{best.Network} {best.Name}");
    }

    private sealed record Block(IPNetwork Network, string Name, AddressUse Use)
    {
        public Block(string prefix, string name, AddressUse use)
            : this(IPNetwork.Parse(prefix), name, use)
        {
        }
    }
}

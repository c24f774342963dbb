using Dnscert.Core.Store;

namespace Dnscert.Coordination.Routing;

/// <summary>Subject kinds as people type them (API, CLI, forms): zone, domain, nameserver, ip, prefix, url, resolver.</summary>
public static class SubjectKinds
{
    public static SubjectKind? Parse(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "zone" => SubjectKind.Zone,
        "domain" => SubjectKind.Domain,
        "nameserver" or "name-server" => SubjectKind.NameServer,
        "ip" or "ip-address" => SubjectKind.IpAddress,
        "prefix" => SubjectKind.Prefix,
        "url" => SubjectKind.Url,
        "resolver" => SubjectKind.Resolver,
        _ => null,
    };
}

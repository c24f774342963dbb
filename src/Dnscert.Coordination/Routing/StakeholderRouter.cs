using System.Net;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;

namespace Dnscert.Coordination.Routing;

/// <summary>
/// Computes who is responsible for a subject from the directory's constituencies: domain suffixes (the registry of
/// the TLD, anyone else whose suffix covers the name), name-server host suffixes (DNS operators), IP prefixes
/// (network operators), the country of a two-letter TLD (national CERTs), and the registrar of a domain from a configured
/// mapping (domain → registrar id; the nearest listed parent counts). Every route carries its reason; an organisation
/// appears once, with its first reason. ASNs are kept in the directory but not routed on (no IP→ASN data here).
/// </summary>
public sealed class StakeholderRouter
{
    private readonly IReadOnlyList<Stakeholder> _stakeholders;
    private readonly IReadOnlyDictionary<string, string> _registrarByDomain;

    public StakeholderRouter(IReadOnlyList<Stakeholder> stakeholders, IReadOnlyDictionary<string, string>? registrarByDomain = null)
    {
        ArgumentNullException.ThrowIfNull(stakeholders);
        _stakeholders = stakeholders;
        _registrarByDomain = registrarByDomain ?? new Dictionary<string, string>();
    }

    /// <summary>The routes for <paramref name="subject"/>; <paramref name="nameServers"/> are the zone's name-server host names when known.</summary>
    public IReadOnlyList<Route> RouteFor(Subject subject, IReadOnlyList<string>? nameServers = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var routes = new List<Route>();
        switch (subject.Kind)
        {
            case SubjectKind.Zone or SubjectKind.Domain:
                ByDomain(Normalise(subject.Value), routes);
                break;
            case SubjectKind.NameServer:
                ByNameServer(Normalise(subject.Value), routes);
                break;
            case SubjectKind.IpAddress or SubjectKind.Resolver:
                if (IPAddress.TryParse(subject.Value, out var address))
                {
                    ByAddress(address, routes);
                }

                break;
            case SubjectKind.Prefix:
                if (IPNetwork.TryParse(subject.Value, out var network))
                {
                    ByAddress(network.BaseAddress, routes);
                }

                break;
            case SubjectKind.Url:
                if (Uri.TryCreate(subject.Value, UriKind.Absolute, out var uri))
                {
                    if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var host))
                    {
                        ByAddress(host, routes);
                    }
                    else
                    {
                        ByDomain(Normalise(uri.IdnHost), routes);
                    }
                }

                break;
        }

        foreach (var ns in nameServers ?? [])
        {
            ByNameServer(Normalise(ns), routes);
        }

        return routes;
    }

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    private static bool Covers(string suffix, string name) =>
        name == suffix || name.EndsWith("." + suffix, StringComparison.Ordinal);

    private static string Describe(StakeholderType type) => type switch
    {
        StakeholderType.TldRegistry => "TLD registry",
        StakeholderType.Registrar => "registrar",
        StakeholderType.DnsOperator => "DNS operator",
        StakeholderType.RootServerOperator => "root server operator",
        StakeholderType.Rir => "RIR",
        StakeholderType.NationalCert => "national CERT",
        StakeholderType.Coordinator => "coordinator",
        StakeholderType.ResearchBody => "research body",
        StakeholderType.ResolverOperator => "resolver operator",
        StakeholderType.LawEnforcement => "law enforcement",
        _ => "organisation",
    };

    private void ByDomain(string name, List<Route> routes)
    {
        foreach (var s in _stakeholders)
        {
            var suffix = s.Constituency.DomainSuffixes.Where(x => Covers(x, name)).OrderByDescending(x => x.Length).FirstOrDefault();
            if (suffix is not null)
            {
                Add(routes, s, s.Type == StakeholderType.TldRegistry && !suffix.Contains('.', StringComparison.Ordinal)
                    ? $"TLD registry for .{suffix} by suffix"
                    : $"{Describe(s.Type)} by domain suffix {suffix}");
            }
        }

        for (var parent = name; parent.Length > 0; parent = parent.Contains('.', StringComparison.Ordinal) ? parent[(parent.IndexOf('.', StringComparison.Ordinal) + 1)..] : "")
        {
            if (_registrarByDomain.TryGetValue(parent, out var registrarId))
            {
                foreach (var s in _stakeholders.Where(s => s.Constituency.RegistrarIds.Contains(registrarId, StringComparer.Ordinal)))
                {
                    Add(routes, s, $"registrar of {parent} (registrar id {registrarId})");
                }

                break;
            }
        }

        var tld = name.Contains('.', StringComparison.Ordinal) ? name[(name.LastIndexOf('.') + 1)..] : name;
        if (tld.Length == 2)
        {
            var country = tld.ToUpperInvariant();
            foreach (var s in _stakeholders.Where(s => s.Type == StakeholderType.NationalCert && s.Constituency.Countries.Contains(country, StringComparer.Ordinal)))
            {
                Add(routes, s, $"national CERT for {country}");
            }
        }
    }

    private void ByNameServer(string host, List<Route> routes)
    {
        foreach (var s in _stakeholders)
        {
            var suffix = s.Constituency.NameServerSuffixes.Where(x => Covers(x, host)).OrderByDescending(x => x.Length).FirstOrDefault();
            if (suffix is not null)
            {
                Add(routes, s, $"{Describe(s.Type)} by name-server suffix {suffix}");
            }
        }
    }

    private void ByAddress(IPAddress address, List<Route> routes)
    {
        foreach (var s in _stakeholders)
        {
            foreach (var prefix in s.Constituency.IpPrefixes)
            {
                if (IPNetwork.TryParse(prefix, out var network) && network.Contains(address))
                {
                    Add(routes, s, $"network operator by prefix {prefix}");
                    break;
                }
            }
        }
    }

    private static void Add(List<Route> routes, Stakeholder s, string reason)
    {
        if (!routes.Exists(r => r.StakeholderId == s.Id))
        {
            routes.Add(new Route(s.Id, s.Name, reason));
        }
    }
}

using System.Net;
using Dnscert.Core;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>
/// A delegation given by hand (<c>--ns NAME[/IP]</c>, <c>--ds ...</c>): the zone is checked as if the parent
/// published exactly this, which is what a registry runs before it accepts a delegation.
/// </summary>
public sealed record UndelegatedData(IReadOnlyList<DomainName> NameServers, IReadOnlyDictionary<DomainName, IReadOnlyList<IPAddress>> Addresses, IReadOnlyList<string> DsRecords)
{
    /// <summary>Parses <c>ns1.example.org/192.0.2.1</c> style values (the address part may repeat or be absent).</summary>
    public static UndelegatedData Parse(IEnumerable<string> nameServers, IEnumerable<string> ds)
    {
        ArgumentNullException.ThrowIfNull(nameServers);
        ArgumentNullException.ThrowIfNull(ds);
        var names = new List<DomainName>();
        var addresses = new Dictionary<DomainName, IReadOnlyList<IPAddress>>();
        foreach (var value in nameServers)
        {
            var parts = value.Split('/', StringSplitOptions.TrimEntries);
            var text = parts[0].EndsWith('.') ? parts[0] : parts[0] + ".";
            if (!DomainName.TryParse(text, out var name))
            {
                throw new DnscertException($"--ns '{value}': '{parts[0]}' is not a name server name.");
            }

            var list = addresses.TryGetValue(name, out var existing) ? existing.ToList() : [];
            foreach (var a in parts.Skip(1))
            {
                list.Add(IPAddress.TryParse(a, out var address) ? address : throw new DnscertException($"--ns '{value}': '{a}' is not an IP address."));
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }

            addresses[name] = list;
        }

        return new UndelegatedData(names, addresses, [.. ds]);
    }
}

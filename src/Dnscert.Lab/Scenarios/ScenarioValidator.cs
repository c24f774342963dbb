using System.Net;

namespace Dnscert.Lab.Scenarios;

/// <summary>Checks one scenario definition field by field; every problem names its JSON path.</summary>
public static class ScenarioValidator
{
    public const string LabTld = "test.";

    public static IReadOnlyList<(string Field, string Problem)> Validate(ScenarioFile s, string directory)
    {
        ArgumentNullException.ThrowIfNull(s);
        var problems = new List<(string, string)>();
        void Add(string field, string problem) => problems.Add((field, problem));

        var serverNames = ValidateServers(s.Servers, Add);
        var zoneNames = ValidateZones(s.Zones, "$.zones", serverNames, s.Servers, directory, Add);
        var delegated = ValidateDelegations(s.Delegations, "$.delegations", Add);
        if (zoneNames.Count == 0 && delegated.Count == 0)
        {
            Add("$.zones", "a scenario needs at least one zone or one delegation");
        }

        ValidateTags(s.Expect, "$.expect", Add);
        ValidateTags(s.Forbid, "$.forbid", Add);
        if (s.ForbidOthers && s.Forbid is { Count: > 0 })
        {
            Add("$.forbid", "give either forbid or forbid_others, not both");
        }

        if (s.Expect is null)
        {
            Add("$.expect", "missing: list the tags a correct checker must emit (may be empty)");
        }

        ValidateProbes(s.Verify, serverNames, Add);
        ValidateVariants(s.Variants, delegated, zoneNames, serverNames, s.Servers, directory, Add);
        return problems;
    }

    private static HashSet<string> ValidateServers(List<ServerSpec>? servers, Action<string, string> add)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (servers is null || servers.Count == 0)
        {
            add("$.servers", "at least one server is needed");
            return names;
        }

        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < servers.Count; i++)
        {
            var sv = servers[i];
            var at = $"$.servers[{i}]";
            if (string.IsNullOrWhiteSpace(sv.Name) || !names.Add(sv.Name))
            {
                add($"{at}.name", string.IsNullOrWhiteSpace(sv.Name) ? "missing" : $"'{sv.Name}' is used twice");
            }

            if (sv.Software is null || !ScenarioVocabulary.Software.Contains(sv.Software))
            {
                add($"{at}.software", $"'{sv.Software}' is not one of {string.Join(", ", ScenarioVocabulary.Software)}");
            }

            if (!IPAddress.TryParse(sv.Address, out var address) || !LabAddresses.IsScenarioServerAddress(address))
            {
                add($"{at}.address", $"'{sv.Address}' is not a lab address: use 127.53.X.Y with X from 1 to 255 (127.53.0.0/24 is the lab hierarchy); the lab never names an address off this machine");
            }
            else if (!addresses.Add(address.ToString()))
            {
                add($"{at}.address", $"{address} is used twice");
            }
            else
            {
                sv.Address = address.ToString();
            }

            if (sv.Recursion && sv.Software != "bind")
            {
                add($"{at}.recursion", "only a bind server can recurse");
            }

            if (sv.Asn is { } asns && (asns.Count is 0 or > 8 || asns.Any(a => a is < 1 or > uint.MaxValue)))
            {
                add($"{at}.asn", "give one to eight AS numbers from 1 to 4294967295");
            }

            if (sv.Prefix is not null && (!IPNetwork.TryParse(sv.Prefix, out var prefix) || !IPAddress.TryParse(sv.Address, out var own) || !prefix.Contains(own)))
            {
                add($"{at}.prefix", $"'{sv.Prefix}' is not a CIDR prefix that contains the server's address");
            }

            if (sv.Software == "fault")
            {
                if (sv.Backend is null || !ScenarioVocabulary.Backends.Contains(sv.Backend))
                {
                    add($"{at}.backend", $"'{sv.Backend}' is not one of {string.Join(", ", ScenarioVocabulary.Backends)}");
                }

                if (sv.Faults is null || sv.Faults.Count == 0)
                {
                    add($"{at}.faults", "a fault server needs at least one fault");
                }
                else
                {
                    for (var f = 0; f < sv.Faults.Count; f++)
                    {
                        ValidateFault(sv.Faults[f], $"{at}.faults[{f}]", add);
                    }
                }
            }
            else if (sv.Faults is { Count: > 0 } || sv.Backend is not null)
            {
                add($"{at}.faults", "faults and backend belong to servers with software 'fault'");
            }
        }

        return names;
    }

    private static void ValidateFault(FaultSpec fault, string at, Action<string, string> add)
    {
        if (fault.Kind is null || !ScenarioVocabulary.FaultKinds.Contains(fault.Kind))
        {
            add($"{at}.kind", $"'{fault.Kind}' is not one of {string.Join(", ", ScenarioVocabulary.FaultKinds)}");
        }

        if (fault.Transport is not null and not ("udp" or "tcp" or "both"))
        {
            add($"{at}.transport", $"'{fault.Transport}' is not udp, tcp or both");
        }

        if (fault.Kind == "add-answer" && fault.Records is not { Count: > 0 })
        {
            add($"{at}.records", "add-answer needs the records to add");
        }

        if (fault.Qname is not null && !fault.Qname.EndsWith('.'))
        {
            add($"{at}.qname", $"'{fault.Qname}' must be absolute (end with a dot)");
        }
    }

    private static HashSet<string> ValidateZones(
        List<ZoneSpec>? zones,
        string path,
        HashSet<string> serverNames,
        List<ServerSpec>? servers,
        string directory,
        Action<string, string> add)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (zones is null || zones.Count == 0)
        {
            return names;
        }

        for (var i = 0; i < zones.Count; i++)
        {
            var z = zones[i];
            var at = $"{path}[{i}]";
            if (!IsLabZoneName(z.Name))
            {
                add($"{at}.name", $"'{z.Name}' must be an absolute name below {LabTld} (for example example-{i}.{LabTld})");
            }
            else
            {
                z.Name = z.Name!.ToLowerInvariant();
                names.Add(z.Name);
            }

            ValidateZoneFile(z.File, $"{at}.file", directory, add);
            if (z.Servers is null || z.Servers.Count == 0)
            {
                add($"{at}.servers", "list the servers that serve this zone version");
            }
            else
            {
                foreach (var name in z.Servers)
                {
                    var server = servers?.FirstOrDefault(sv => string.Equals(sv.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (!serverNames.Contains(name) || server is null)
                    {
                        add($"{at}.servers", $"'{name}' is not a server of this scenario");
                    }
                    else if (server.Software == "none" || (server.Software == "fault" && server.Backend == "none"))
                    {
                        add($"{at}.servers", $"'{name}' runs no name server, so it cannot serve a zone");
                    }
                }
            }

            if (z.Sign is not null)
            {
                ValidateSign(z.Sign, $"{at}.sign", add);
            }
        }

        return names;
    }

    private static void ValidateZoneFile(string? file, string at, string directory, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(file) || Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal))
        {
            add(at, $"'{file}' must be a file name inside the scenario folder");
            return;
        }

        var full = Path.Combine(directory, file);
        if (!File.Exists(full))
        {
            add(at, $"'{file}' does not exist in {directory}");
            return;
        }

        if (new FileInfo(full).Length > ZoneFileAddressScan.MaxZoneFileBytes)
        {
            add(at, $"'{file}' is larger than {ZoneFileAddressScan.MaxZoneFileBytes} bytes");
            return;
        }

        foreach (var foreign in ZoneFileAddressScan.FindForeignAddresses(full))
        {
            add(at, $"'{file}' {foreign} is not a loopback address; lab data may only name addresses on this machine");
        }
    }

    private static void ValidateSign(SignSpec sign, string at, Action<string, string> add)
    {
        if (sign.Algorithm is null || !ScenarioVocabulary.Algorithms.ContainsKey(sign.Algorithm))
        {
            add($"{at}.algorithm", $"'{sign.Algorithm}' is not one of {string.Join(", ", ScenarioVocabulary.Algorithms.Keys)}");
        }

        if (sign.Bits is { } bits && (bits < 512 || bits > 4096))
        {
            add($"{at}.bits", $"{bits} is outside 512..4096");
        }

        if (sign.Inception is not null && !RelativeTime.TryParse(sign.Inception, out _))
        {
            add($"{at}.inception", $"'{sign.Inception}' is not an offset such as -1h or -30d");
        }

        if (sign.Expiration is not null && !RelativeTime.TryParse(sign.Expiration, out _))
        {
            add($"{at}.expiration", $"'{sign.Expiration}' is not an offset such as +30d or -1d");
        }

        var inception = RelativeTime.Parse(sign.Inception, SignDefaults.Inception);
        var expiration = RelativeTime.Parse(sign.Expiration, SignDefaults.Expiration);
        if (expiration <= inception)
        {
            add($"{at}.expiration", "must be later than the inception");
        }

        if (sign.Nsec3 is { } n3)
        {
            if (n3.Iterations is < 0 or > 150)
            {
                add($"{at}.nsec3.iterations", $"{n3.Iterations} is outside 0..150 (the signer's limit)");
            }

            if (n3.Salt is not null && n3.Salt != "-" && (n3.Salt.Length > 510 || n3.Salt.Length % 2 != 0 || !n3.Salt.All(char.IsAsciiHexDigit)))
            {
                add($"{at}.nsec3.salt", $"'{n3.Salt}' is not hex or '-'");
            }
        }
    }

    private static HashSet<string> ValidateDelegations(List<DelegationSpec>? delegations, string path, Action<string, string> add)
    {
        var zones = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (delegations is null)
        {
            return zones;
        }

        for (var i = 0; i < delegations.Count; i++)
        {
            var d = delegations[i];
            var at = $"{path}[{i}]";
            if (!IsLabZoneName(d.Zone) || d.Zone!.Count(c => c == '.') != 2)
            {
                add($"{at}.zone", $"'{d.Zone}' must be a direct child of {LabTld}: the lab writes its delegation into the {LabTld} zone");
            }
            else if (!zones.Add(d.Zone = d.Zone!.ToLowerInvariant()))
            {
                add($"{at}.zone", $"{d.Zone} is delegated twice");
            }

            if (d.Ns is null || d.Ns.Count == 0)
            {
                add($"{at}.ns", "a delegation needs at least one NS");
            }
            else
            {
                for (var n = 0; n < d.Ns.Count; n++)
                {
                    ValidateNameServer(d.Ns[n], $"{at}.ns[{n}]", add);
                }
            }

            d.Ds ??= "auto";
            if (!ScenarioVocabulary.DsModes.Contains(d.Ds))
            {
                add($"{at}.ds", $"'{d.Ds}' is not one of {string.Join(", ", ScenarioVocabulary.DsModes)}");
            }

            if ((d.Ds == "explicit") != (d.DsRecords is { Count: > 0 }))
            {
                add($"{at}.ds_records", "ds_records go with ds: explicit, and only with it");
            }
        }

        return zones;
    }

    private static void ValidateNameServer(NameServerSpec ns, string at, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(ns.Name) || !ns.Name.EndsWith('.') || ns.Name.Length > 254)
        {
            add($"{at}.name", $"'{ns.Name}' must be an absolute name (end with a dot)");
        }
        else
        {
            ns.Name = ns.Name.ToLowerInvariant();
        }

        foreach (var a in ns.Addresses ?? [])
        {
            if (!IPAddress.TryParse(a, out var address) || !LabAddresses.IsLoopback(address))
            {
                add($"{at}.addresses", $"'{a}' is not a loopback address; the lab never names an address off this machine");
            }
        }
    }

    private static void ValidateTags(List<string>? tags, string path, Action<string, string> add)
    {
        for (var i = 0; i < (tags?.Count ?? 0); i++)
        {
            if (!ScenarioVocabulary.IsTag(tags![i]))
            {
                add($"{path}[{i}]", $"'{tags[i]}' is not a message tag (UPPER_SNAKE, for example NO_RESPONSE)");
            }
        }
    }

    private static void ValidateProbes(List<ProbeSpec>? probes, HashSet<string> serverNames, Action<string, string> add)
    {
        for (var i = 0; i < (probes?.Count ?? 0); i++)
        {
            var p = probes![i];
            var at = $"$.verify[{i}]";
            if (p.Server is null || !(serverNames.Contains(p.Server) || ProbeTargets.Hierarchy.ContainsKey(p.Server)))
            {
                add($"{at}.server", $"'{p.Server}' is not a server of this scenario (nor root-a, root-b, tld-a, tld-b)");
            }

            if (p.Qname is null || !p.Qname.EndsWith('.'))
            {
                add($"{at}.qname", $"'{p.Qname}' must be an absolute name (end with a dot)");
            }

            if (string.IsNullOrWhiteSpace(p.Qtype))
            {
                add($"{at}.qtype", "missing");
            }

            if (p.Expect is null)
            {
                add($"{at}.expect", "missing: say what the probe must observe");
            }
            else if (p.Expect.RrsigExpiration is { } exp && exp is not ("past" or "future") && !IsWithin(exp))
            {
                add($"{at}.expect.rrsig_expiration", $"'{exp}' is not past, future or within:<offset> (within:2d)");
            }
        }
    }

    private static bool IsWithin(string text) =>
        text.StartsWith("within:", StringComparison.Ordinal) && RelativeTime.TryParse("+" + text[7..], out _);

    private static void ValidateVariants(
        Dictionary<string, VariantSpec>? variants,
        HashSet<string> delegated,
        HashSet<string> zoneNames,
        HashSet<string> serverNames,
        List<ServerSpec>? servers,
        string directory,
        Action<string, string> add)
    {
        foreach (var (name, variant) in variants ?? [])
        {
            var at = $"$.variants.{name}";
            if (!ScenarioVocabulary.IsVariantName(name) || name == "default")
            {
                add(at, $"'{name}' is not a variant name (lower-case letters, digits and '-'; 'default' is reserved)");
            }

            var changed = ValidateDelegations(variant.Delegations, $"{at}.delegations", add);
            foreach (var zone in changed.Where(z => !delegated.Contains(z)))
            {
                add($"{at}.delegations", $"{zone} has no delegation in the scenario to replace");
            }

            var zones = ValidateZones(variant.Zones, $"{at}.zones", serverNames, servers, directory, add);
            foreach (var zone in zones.Where(z => !zoneNames.Contains(z)))
            {
                add($"{at}.zones", $"{zone} is not a zone of the scenario");
            }
        }
    }

    public static bool IsLabZoneName(string? name) =>
        name is { Length: > 6 and < 254 }
        && name.EndsWith("." + LabTld, StringComparison.OrdinalIgnoreCase)
        && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

}

using System.Net;
using System.Text.RegularExpressions;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>
/// The rules every directory entry obeys whatever its source (JSON, CSV, web form): the same checks with the same
/// messages, prefixed by where the entry came from (<c>line 4</c>, <c>stakeholder 2 (registrar-a)</c>).
/// </summary>
public static partial class StakeholderValidator
{
    public static void Validate(Stakeholder s, string where)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!IdPattern().IsMatch(s.Id ?? ""))
        {
            throw Fail(where, "id", $"'{s.Id}' is not a valid id (lower-case letters, digits and '-', 1 to 63 characters, starting with a letter or digit)");
        }

        Text(s.Name, where, "name");
        if (!Enum.IsDefined(s.Type))
        {
            throw Fail(where, "type", $"unknown type {s.Type}");
        }

        var c = s.Constituency ?? throw Fail(where, "constituency", "is missing");
        Names(c.DomainSuffixes, where, "domain suffixes");
        Names(c.NameServerSuffixes, where, "name-server suffixes");
        Count(c.IpPrefixes, where, "IP prefixes");
        foreach (var prefix in c.IpPrefixes)
        {
            if (!IPNetwork.TryParse(prefix, out var network) || network.ToString() != prefix)
            {
                throw Fail(where, "IP prefixes", $"'{prefix}' is not a canonical CIDR prefix (like 192.0.2.0/24 or 2001:db8::/32)");
            }
        }

        Count(c.Asns, where, "ASNs");
        foreach (var asn in c.Asns)
        {
            if (asn <= 0)
            {
                throw Fail(where, "ASNs", $"{asn} is not an AS number");
            }
        }

        Count(c.Countries, where, "countries");
        foreach (var country in c.Countries)
        {
            if (!CountryPattern().IsMatch(country ?? ""))
            {
                throw Fail(where, "countries", $"'{country}' is not an ISO 3166-1 alpha-2 code in upper case");
            }
        }

        Count(c.RegistrarIds, where, "registrar ids");
        foreach (var registrar in c.RegistrarIds)
        {
            Text(registrar, where, "registrar ids");
        }

        Count(s.Contacts, where, "contacts");
        foreach (var contact in s.Contacts)
        {
            Text(contact.Name, where, "contact name");
            if (!EmailPattern().IsMatch(contact.Email ?? "") || contact.Email!.Length > DirectoryLimits.MaxText)
            {
                throw Fail(where, "contact e-mail", $"'{contact.Email}' is not an e-mail address");
            }

            if (contact.OpenPgpKey is { } key
                && (key.Length > DirectoryLimits.MaxOpenPgpKey || !key.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal)))
            {
                throw Fail(where, "contact OpenPGP key", "is not an ASCII-armoured public key block of at most 64 KiB");
            }
        }

        Count(s.Languages, where, "languages");
        foreach (var language in s.Languages)
        {
            if (!LanguagePattern().IsMatch(language ?? ""))
            {
                throw Fail(where, "languages", $"'{language}' is not a lower-case ISO 639-1 code like fr");
            }
        }

        if (s.WorkingHours is { } hours)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone ?? "", out _))
            {
                throw Fail(where, "time zone", $"'{hours.TimeZone}' is not a known time zone id (like Europe/Paris)");
            }

            if (hours.End <= hours.Start)
            {
                throw Fail(where, "working hours", $"end {hours.End:HH\\:mm} is not after start {hours.Start:HH\\:mm}");
            }
        }

        Count(s.Capabilities.Keys.ToList(), where, "capabilities");
        foreach (var (threat, functions) in s.Capabilities)
        {
            if (!ThreatPattern().IsMatch(threat))
            {
                throw Fail(where, "capabilities", $"'{threat}' is not a threat type id like infra.lame-delegation");
            }

            if ((functions & ~(CapabilityFunctions.Detect | CapabilityFunctions.Analyse | CapabilityFunctions.Mitigate | CapabilityFunctions.Coordinate | CapabilityFunctions.Train)) != 0)
            {
                throw Fail(where, "capabilities", $"unknown function for {threat}");
            }
        }

        Count(s.AmberConstituents, where, "AMBER constituents");
        foreach (var id in s.AmberConstituents)
        {
            if (!IdPattern().IsMatch(id ?? ""))
            {
                throw Fail(where, "AMBER constituents", $"'{id}' is not a valid stakeholder id");
            }
        }
    }

    /// <summary>Validates a whole directory: every entry, unique ids, and AMBER constituents that exist.</summary>
    public static void ValidateAll(IReadOnlyList<Stakeholder> stakeholders, Func<int, Stakeholder, string> where)
    {
        ArgumentNullException.ThrowIfNull(stakeholders);
        if (stakeholders.Count > DirectoryLimits.MaxStakeholders)
        {
            throw new DirectoryFormatException($"the directory has {stakeholders.Count} stakeholders, more than the limit of {DirectoryLimits.MaxStakeholders}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stakeholders.Count; i++)
        {
            Validate(stakeholders[i], where(i, stakeholders[i]));
            if (!seen.Add(stakeholders[i].Id))
            {
                throw Fail(where(i, stakeholders[i]), "id", $"'{stakeholders[i].Id}' is used twice");
            }
        }

        for (var i = 0; i < stakeholders.Count; i++)
        {
            foreach (var id in stakeholders[i].AmberConstituents)
            {
                if (!seen.Contains(id))
                {
                    throw Fail(where(i, stakeholders[i]), "AMBER constituents", $"'{id}' is not in the directory");
                }
            }
        }
    }

    internal static DirectoryFormatException Fail(string where, string field, string problem) => new($"{where}: {field}: {problem}");

    private static void Text(string? value, string where, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > DirectoryLimits.MaxText || value.Any(char.IsControl))
        {
            throw Fail(where, field, $"must be 1 to {DirectoryLimits.MaxText} characters without control characters");
        }
    }

    private static void Count<T>(IReadOnlyCollection<T>? values, string where, string field)
    {
        if (values is null)
        {
            throw Fail(where, field, "is missing");
        }

        if (values.Count > DirectoryLimits.MaxListItems)
        {
            throw Fail(where, field, $"has {values.Count} items, more than the limit of {DirectoryLimits.MaxListItems}");
        }
    }

    private static void Names(IReadOnlyList<string>? names, string where, string field)
    {
        Count(names, where, field);
        foreach (var name in names!)
        {
            if (!DnsNamePattern().IsMatch(name ?? "") || name!.Length > 253)
            {
                throw Fail(where, field, $"'{name}' is not a lower-case DNS name without the final dot");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[a-z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[^\s@<>,;""]{1,64}@[a-z0-9.-]{1,190}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}(\\.[a-z0-9][a-z0-9-]{0,62}){1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ThreatPattern();

    [GeneratedRegex("^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsNamePattern();
}

namespace Dnscert.Coordination.Stakeholders;

/// <summary>The JSON shape of a directory file (docs/coordination.md); mapped to <see cref="Stakeholder"/> by <see cref="DirectoryJson"/>.</summary>
internal sealed class DirectoryDocument
{
    public List<StakeholderDocument>? Stakeholders { get; set; }
}

/// <summary>One entry of a directory file.</summary>
internal sealed class StakeholderDocument
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public ConstituencyDocument? Constituency { get; set; }

    public List<ContactDocument>? Contacts { get; set; }

    public List<string>? Languages { get; set; }

    public WorkingHoursDocument? WorkingHours { get; set; }

    public Dictionary<string, List<string>>? Capabilities { get; set; }

    public List<string>? AmberConstituents { get; set; }
}

/// <summary>The constituency of an entry.</summary>
internal sealed class ConstituencyDocument
{
    public List<string>? DomainSuffixes { get; set; }

    public List<string>? NameServerSuffixes { get; set; }

    public List<string>? IpPrefixes { get; set; }

    public List<int>? Asns { get; set; }

    public List<string>? Countries { get; set; }

    public List<string>? RegistrarIds { get; set; }
}

/// <summary>A contact of an entry.</summary>
internal sealed class ContactDocument
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? OpenPgpKey { get; set; }
}

/// <summary>Working hours of an entry; times as HH:mm.</summary>
internal sealed class WorkingHoursDocument
{
    public string? TimeZone { get; set; }

    public string? Start { get; set; }

    public string? End { get; set; }

    public List<string>? Days { get; set; }
}

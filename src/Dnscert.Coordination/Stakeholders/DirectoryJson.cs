using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>
/// Reads and writes the directory as JSON. Reading is strict and bounded: size, entry and list counts are limited,
/// unknown properties and codes are refused, and every error names the line (JSON syntax) or the entry and field.
/// </summary>
public static class DirectoryJson
{
    public static IReadOnlyList<Stakeholder> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > DirectoryLimits.MaxBytes)
        {
            throw new DirectoryFormatException($"the directory file is larger than the limit of {DirectoryLimits.MaxBytes} bytes");
        }

        DirectoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.DirectoryDocument);
        }
        catch (JsonException e)
        {
            throw new DirectoryFormatException($"line {(e.LineNumber ?? 0) + 1}: not a valid directory document: {e.Message}", e);
        }

        var entries = document?.Stakeholders ?? throw new DirectoryFormatException("the document has no \"stakeholders\" array");
        if (entries.Count > DirectoryLimits.MaxStakeholders)
        {
            throw new DirectoryFormatException($"the directory has {entries.Count} stakeholders, more than the limit of {DirectoryLimits.MaxStakeholders}");
        }

        var stakeholders = new List<Stakeholder>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            stakeholders.Add(FromDocument(entries[i], Where(i, entries[i]?.Id)));
        }

        StakeholderValidator.ValidateAll(stakeholders, (i, s) => Where(i, s.Id));
        return stakeholders;
    }

    /// <summary>One entry (the API's body), validated alone.</summary>
    public static Stakeholder ReadOne(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > DirectoryLimits.MaxBytes)
        {
            throw new DirectoryFormatException($"the stakeholder document is larger than the limit of {DirectoryLimits.MaxBytes} bytes");
        }

        StakeholderDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, DirectoryJsonContext.Default.StakeholderDocument);
        }
        catch (JsonException e)
        {
            throw new DirectoryFormatException($"line {(e.LineNumber ?? 0) + 1}: not a valid stakeholder document: {e.Message}", e);
        }

        var stakeholder = FromDocument(document, "stakeholder");
        StakeholderValidator.Validate(stakeholder, "stakeholder");
        return stakeholder;
    }

    public static string Write(IEnumerable<Stakeholder> stakeholders) =>
        JsonSerializer.Serialize(new DirectoryDocument { Stakeholders = [.. stakeholders.Select(ToDocument)] }, DirectoryJsonContext.Default.DirectoryDocument);

    public static string WriteOne(Stakeholder stakeholder) =>
        JsonSerializer.Serialize(ToDocument(stakeholder), DirectoryJsonContext.Default.StakeholderDocument);

    private static string Where(int index, string? id) => $"stakeholder {index + 1}{(id is null ? "" : $" ({id})")}";

    private static Stakeholder FromDocument(StakeholderDocument? d, string where)
    {
        if (d is null)
        {
            throw StakeholderValidator.Fail(where, "entry", "is null");
        }

        var type = DirectoryCodes.TypeOf(d.Type ?? "")
            ?? throw StakeholderValidator.Fail(where, "type", $"'{d.Type}' is not one of {string.Join(", ", DirectoryCodes.TypeCodes)}");
        var c = d.Constituency ?? new ConstituencyDocument();
        var capabilities = new Dictionary<string, CapabilityFunctions>(StringComparer.Ordinal);
        foreach (var (threat, codes) in d.Capabilities ?? [])
        {
            var functions = CapabilityFunctions.None;
            foreach (var code in codes ?? [])
            {
                functions |= DirectoryCodes.FunctionOf(code ?? "")
                    ?? throw StakeholderValidator.Fail(where, "capabilities", $"'{code}' for {threat} is not one of detect, analyse, mitigate, coordinate, train");
            }

            capabilities[threat] = functions;
        }

        return new Stakeholder(
            d.Id ?? "",
            d.Name ?? "",
            type,
            new Constituency(c.DomainSuffixes ?? [], c.NameServerSuffixes ?? [], c.IpPrefixes ?? [], c.Asns ?? [], c.Countries ?? [], c.RegistrarIds ?? []),
            [.. (d.Contacts ?? []).Select(x => new Contact(x?.Name ?? "", x?.Email ?? "", x?.OpenPgpKey))],
            d.Languages ?? [],
            d.WorkingHours is null ? null : Hours(d.WorkingHours, where),
            capabilities,
            d.AmberConstituents ?? []);
    }

    internal static WorkingHours Hours(WorkingHoursDocument h, string where)
    {
        var days = new List<DayOfWeek>();
        foreach (var code in h.Days ?? [.. WorkingHours.WeekDays.Select(DirectoryCodes.Of)])
        {
            days.Add(DirectoryCodes.DayOf(code ?? "") ?? throw StakeholderValidator.Fail(where, "working days", $"'{code}' is not one of mon, tue, wed, thu, fri, sat, sun"));
        }

        return new WorkingHours(h.TimeZone ?? "", Time(h.Start, where, "working hours start"), Time(h.End, where, "working hours end"), days);
    }

    internal static TimeOnly Time(string? text, string where, string field) =>
        TimeOnly.TryParseExact(text ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw StakeholderValidator.Fail(where, field, $"'{text}' is not a time like 09:00");

    private static StakeholderDocument ToDocument(Stakeholder s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Type = DirectoryCodes.Of(s.Type),
        Constituency = new ConstituencyDocument
        {
            DomainSuffixes = [.. s.Constituency.DomainSuffixes],
            NameServerSuffixes = [.. s.Constituency.NameServerSuffixes],
            IpPrefixes = [.. s.Constituency.IpPrefixes],
            Asns = [.. s.Constituency.Asns],
            Countries = [.. s.Constituency.Countries],
            RegistrarIds = [.. s.Constituency.RegistrarIds],
        },
        Contacts = [.. s.Contacts.Select(c => new ContactDocument { Name = c.Name, Email = c.Email, OpenPgpKey = c.OpenPgpKey })],
        Languages = [.. s.Languages],
        WorkingHours = s.WorkingHours is { } h
            ? new WorkingHoursDocument
            {
                TimeZone = h.TimeZone,
                Start = h.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                End = h.End.ToString("HH:mm", CultureInfo.InvariantCulture),
                Days = [.. h.Days.Select(DirectoryCodes.Of)],
            }
            : null,
        Capabilities = s.Capabilities.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => DirectoryCodes.Of(c.Value).ToList(), StringComparer.Ordinal),
        AmberConstituents = [.. s.AmberConstituents],
    };
}

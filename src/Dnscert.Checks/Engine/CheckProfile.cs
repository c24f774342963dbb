using System.Text.Json;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>
/// A profile file (<c>--profile FILE</c>): changes the severity of tags and turns checks off, as a registry
/// adapts Zonemaster's profile to its own policy. Unknown tags, check ids and severities are refused by name, so a
/// typo never silently leaves a policy unapplied.
/// </summary>
/// <remarks>
/// Format (JSON): <c>{ "severity": { "TAG": "notice", ... }, "disable": [ "CHECKID", ... ] }</c>.
/// </remarks>
public sealed class CheckProfile
{
    private const int MaxProfileBytes = 1 << 20;

    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 8 };

    private readonly Dictionary<string, Severity> _severities;
    private readonly HashSet<string> _disabled;

    private CheckProfile(Dictionary<string, Severity> severities, HashSet<string> disabled, DomainName? asnBase)
    {
        _severities = severities;
        _disabled = disabled;
        AsnBase = asnBase;
    }

    public static CheckProfile Default { get; } = new([], [], null);

    /// <summary>
    /// Where CONNECTIVITY03/04 look up origin ASNs and prefixes (Team Cymru's DNS format, "asn_base" in the
    /// file, as Zonemaster's profile has asn_db); null: <see cref="CheckOptions.AsnBase"/> decides.
    /// </summary>
    public DomainName? AsnBase { get; }

    public IReadOnlyDictionary<string, Severity> Severities => _severities;

    public IReadOnlySet<string> DisabledChecks => _disabled;

    public static CheckProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DnscertException($"Profile {path} does not exist.");
        }

        if (info.Length > MaxProfileBytes)
        {
            throw new DnscertException($"Profile {path} is {info.Length} bytes; a profile may have at most {MaxProfileBytes}.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static CheckProfile Parse(string json, string source, IReadOnlyList<ICheck>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        catalogue ??= CheckCatalog.All;
        var tags = catalogue.SelectMany(c => c.Tags).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var ids = catalogue.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_json);
        }
        catch (JsonException ex)
        {
            throw new DnscertException($"Profile {source} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DnscertException($"Profile {source}: the top level must be an object with \"severity\" and/or \"disable\".");
            }

            var severities = new Dictionary<string, Severity>(StringComparer.Ordinal);
            var disabled = new HashSet<string>(StringComparer.Ordinal);
            DomainName? asnBase = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "severity" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var entry in property.Value.EnumerateObject())
                        {
                            if (!tags.Contains(entry.Name))
                            {
                                throw new DnscertException($"Profile {source}: severity.{entry.Name} names no tag of any check.");
                            }

                            if (entry.Value.ValueKind != JsonValueKind.String || !Enum.TryParse<Severity>(entry.Value.GetString(), ignoreCase: true, out var level) || !Enum.IsDefined(level))
                            {
                                throw new DnscertException($"Profile {source}: severity.{entry.Name} must be one of {string.Join(", ", Enum.GetNames<Severity>()).ToLowerInvariant()}.");
                            }

                            severities[entry.Name] = level;
                        }

                        break;
                    case "disable" when property.Value.ValueKind == JsonValueKind.Array:
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            var id = item.ValueKind == JsonValueKind.String ? item.GetString()! : "";
                            if (!ids.Contains(id))
                            {
                                throw new DnscertException($"Profile {source}: disable lists '{item}', which is not a check id.");
                            }

                            disabled.Add(id);
                        }

                        break;
                    case "asn_base" when property.Value.ValueKind == JsonValueKind.String:
                        var text = property.Value.GetString()!;
                        if (!DomainName.TryParse(text.EndsWith('.') ? text : text + ".", out var name) || name.IsRoot)
                        {
                            throw new DnscertException($"Profile {source}: asn_base '{text}' is not a domain name.");
                        }

                        asnBase = name;
                        break;
                    default:
                        throw new DnscertException($"Profile {source}: unknown or ill-typed key \"{property.Name}\" (expected \"severity\": {{...}}, \"disable\": [...] and \"asn_base\": \"name\").");
                }
            }

            return new CheckProfile(severities, disabled, asnBase);
        }
    }

    public IEnumerable<ICheck> Enabled(IEnumerable<ICheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return checks.Where(c => !_disabled.Contains(c.Id));
    }

    public CheckMessage Apply(CheckMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _severities.TryGetValue(message.Tag.Name, out var level) ? message with { SeverityOverride = level } : message;
    }
}

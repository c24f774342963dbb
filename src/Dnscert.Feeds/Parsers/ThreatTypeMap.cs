using Dnscert.Core.Catalog;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Resolves what a feed says about the threat (a catalogue id, an IntelMQ <c>classification.type</c> or a MISP tag)
/// to a catalogue id, using the catalogue's own mappings so there is no second table to keep in step.
/// </summary>
public static class ThreatTypeMap
{
    private static readonly Dictionary<string, string> s_byText = Build();

    /// <summary>The catalogue id for <paramref name="text"/>, or null when the catalogue has no entry for it.</summary>
    public static string? Resolve(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return s_byText.TryGetValue(text.Trim(), out var id) ? id : null;
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in ThreatTypes.All)
        {
            map[type.Id] = type.Id;
        }

        // The DAAR categories come last in the catalogue, so they win over FIRST techniques sharing an IntelMQ type.
        foreach (var type in ThreatTypes.All.Where(t => t.Family == ThreatTypes.AbuseFamily))
        {
            if (type.Mappings.RsitType is { } rsit)
            {
                map[rsit] = type.Id;
            }

            foreach (var tag in type.Mappings.MispTags)
            {
                map.TryAdd(tag, type.Id);
            }
        }

        return map;
    }
}

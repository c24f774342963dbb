using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dnscert.Lab.Scenarios;

/// <summary>
/// Reads every <c>scenario.json</c> below a folder. A broken file is reported with its field and the
/// other scenarios still load; cross-scenario clashes (addresses, zone names, short names) refuse the
/// later file.
/// </summary>
public static class ScenarioLoader
{
    public const string FileName = "scenario.json";

    /// <summary>Scenario files larger than this are refused: they are hand-written and small.</summary>
    public const long MaxFileBytes = 256 * 1024;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
    };

    public static ScenarioSet LoadAll(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!System.IO.Directory.Exists(root))
        {
            throw new Core.DnscertException($"Scenario folder '{root}' does not exist (use --scenarios DIR).");
        }

        var scenarios = new List<Scenario>();
        var errors = new List<ScenarioError>();
        var addressOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var zoneOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var shortNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        var files = System.IO.Directory.EnumerateFiles(root, FileName, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var id = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/');
            var loaded = LoadOne(file, id, errors);
            if (loaded is null)
            {
                continue;
            }

            var clash = FindClash(loaded, file, addressOwners, zoneOwners, shortNames);
            if (clash is not null)
            {
                errors.Add(clash);
                continue;
            }

            foreach (var server in loaded.Servers)
            {
                addressOwners[server.Address!] = id;
            }

            foreach (var zone in ZoneNames(loaded))
            {
                zoneOwners[zone] = id;
            }

            shortNames[loaded.ShortName] = id;
            scenarios.Add(loaded);
        }

        return new ScenarioSet(root, scenarios, errors);
    }

    public static Scenario? LoadOne(string file, string id, List<ScenarioError> errors)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(errors);
        ScenarioFile? definition;
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes)
            {
                errors.Add(new ScenarioError(file, "$", $"file is {info.Length} bytes; the limit is {MaxFileBytes}"));
                return null;
            }

            using var stream = File.OpenRead(file);
            definition = JsonSerializer.Deserialize<ScenarioFile>(stream, s_json);
        }
        catch (JsonException ex)
        {
            errors.Add(new ScenarioError(file, ex.Path ?? "$", $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {FirstSentence(ex.Message)}"));
            return null;
        }
        catch (IOException ex)
        {
            errors.Add(new ScenarioError(file, "$", ex.Message));
            return null;
        }

        if (definition is null)
        {
            errors.Add(new ScenarioError(file, "$", "the file is empty or null"));
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var problems = ScenarioValidator.Validate(definition, directory);
        if (problems.Count > 0)
        {
            errors.AddRange(problems.Select(p => new ScenarioError(file, p.Field, p.Problem)));
            return null;
        }

        return new Scenario(id, directory, definition);
    }

    private static ScenarioError? FindClash(
        Scenario scenario,
        string file,
        Dictionary<string, string> addressOwners,
        Dictionary<string, string> zoneOwners,
        Dictionary<string, string> shortNames)
    {
        if (shortNames.TryGetValue(scenario.ShortName, out var other))
        {
            return new ScenarioError(file, "$", $"scenario name '{scenario.ShortName}' is already used by {other}");
        }

        for (var i = 0; i < scenario.Servers.Count; i++)
        {
            if (addressOwners.TryGetValue(scenario.Servers[i].Address!, out other))
            {
                return new ScenarioError(file, $"$.servers[{i}].address", $"{scenario.Servers[i].Address} is already used by {other}");
            }
        }

        foreach (var zone in ZoneNames(scenario))
        {
            if (zoneOwners.TryGetValue(zone, out other))
            {
                return new ScenarioError(file, "$.zones", $"zone {zone} is already used by {other}");
            }
        }

        return null;
    }

    /// <summary>Every zone a scenario serves or delegates: two scenarios may share neither.</summary>
    private static IEnumerable<string> ZoneNames(Scenario scenario) =>
        (scenario.Definition.Zones ?? []).Select(z => z.Name!)
            .Concat((scenario.Definition.Delegations ?? []).Select(d => d.Zone!))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

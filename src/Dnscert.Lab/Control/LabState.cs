using System.Text.Json;

namespace Dnscert.Lab.Control;

/// <summary>What the lab has running, kept in <c>state.json</c> so that every later command finds it.</summary>
public sealed class LabState
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>When the lab first came up; signature times are relative to it.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Bumped at every switch, so the serial of <c>test.</c> grows.</summary>
    public int Generation { get; set; }

    public int RttMilliseconds { get; set; }

    public string ScenarioRoot { get; set; } = "";

    /// <summary>Scenario id to its active variant (absent: default).</summary>
    public Dictionary<string, string> Variants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Only these scenarios are up (empty: all).</summary>
    public List<string> Only { get; set; } = [];

    public List<UnitState> Units { get; set; } = [];

    /// <summary>Addresses the lab added to <c>lo</c> (for BIND), removed again by <c>lab down</c>.</summary>
    public List<string> AddedAddresses { get; set; } = [];

    public List<string> Scenarios { get; set; } = [];

    public List<string> Errors { get; set; } = [];

    public static LabState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new Core.DnscertException($"lab state file {path} is damaged ({ex.Message}); run 'dnscert lab down' to clear it.", ex);
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json));
        File.Move(temporary, path, overwrite: true);
    }
}

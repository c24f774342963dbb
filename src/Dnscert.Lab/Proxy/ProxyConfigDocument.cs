using System.Text.Json.Serialization;

namespace Dnscert.Lab.Proxy;

// The JSON shape of a lab proxy config file; kept apart from the public records so the file
// format can carry a version and strings (addresses, durations) that validation reports by field.
internal sealed class ProxyConfigDocument
{
    public int Version { get; set; }

    public List<ProxyEndpointDocument>? Endpoints { get; set; }
}

internal sealed class ProxyEndpointDocument
{
    public string? Listen { get; set; }

    public string? Backend { get; set; }

    /// <summary>TimeSpan in constant format, e.g. "00:00:00.050".</summary>
    public string? OneWayDelay { get; set; }

    public List<FaultRuleDocument>? Faults { get; set; }
}

internal sealed class FaultRuleDocument
{
    public string? Kind { get; set; }

    [JsonPropertyName("qtypes")]
    public List<string>? QTypes { get; set; }

    public string? Transport { get; set; }

    public List<string>? Records { get; set; }

    [JsonPropertyName("qname")]
    public string? QName { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ProxyConfigDocument))]
internal sealed partial class ProxyConfigJsonContext : JsonSerializerContext;

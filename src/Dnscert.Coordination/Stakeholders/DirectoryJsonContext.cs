using System.Text.Json.Serialization;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>Source-generated, strict JSON for directory files: unknown properties are refused, not ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    MaxDepth = DirectoryLimits.MaxJsonDepth)]
[JsonSerializable(typeof(DirectoryDocument))]
[JsonSerializable(typeof(StakeholderDocument))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;

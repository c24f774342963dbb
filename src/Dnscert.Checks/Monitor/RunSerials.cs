using System.Text.Json;
using Dnscert.Checks.Facts;

namespace Dnscert.Checks.Monitor;

/// <summary>The SOA serial each server address served in a run, from the run itself or from its stored JSON.</summary>
public static class RunSerials
{
    public static IReadOnlyList<ServerSerial> Of(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return [.. facts.Servers.Where(s => s.Soa is not null).Select(s => new ServerSerial(Key(s.Server), s.Soa!.Serial))];
    }

    public static string Key(NameServerAddress server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return $"{server.Name.ToString().ToLowerInvariant()}/{server.Address}";
    }

    /// <summary>The <c>servers</c> array of a stored run (schema dnscert.check/1); runs stored before it existed have none.</summary>
    public static IReadOnlyList<ServerSerial> FromJson(string messagesJson)
    {
        ArgumentNullException.ThrowIfNull(messagesJson);
        using var document = JsonDocument.Parse(messagesJson);
        if (!document.RootElement.TryGetProperty("servers", out var servers) || servers.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<ServerSerial>();
        foreach (var server in servers.EnumerateArray())
        {
            if (server.TryGetProperty("soa_serial", out var serial) && serial.ValueKind == JsonValueKind.Number)
            {
                result.Add(new ServerSerial($"{server.GetProperty("name").GetString()}/{server.GetProperty("address").GetString()}", serial.GetInt64()));
            }
        }

        return result;
    }
}

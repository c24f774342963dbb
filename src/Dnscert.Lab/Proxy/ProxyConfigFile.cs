using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Dnscert.Lab.Proxy;

/// <summary>
/// Reads and writes the JSON file that tells <c>dnscert lab daemon</c> which proxy endpoints to
/// run. Shape (version 1):
/// <code>
/// { "version": 1, "endpoints": [ { "listen": "127.53.1.1:53", "backend": "127.53.0.1:53",
///   "oneWayDelay": "00:00:00.050", "faults": [ { "kind": "TruncateUdp", "qtypes": ["DNSKEY"],
///   "transport": "udp", "qname": "x.test.", "records": [] } ] } ] }
/// </code>
/// Every error is a <see cref="ProxyConfigException"/> whose <see cref="ProxyConfigException.Field"/> names the field.
/// </summary>
public static class ProxyConfigFile
{
    public const int CurrentVersion = 1;
    private const long MaxFileBytes = 4 * 1024 * 1024;

    public static IReadOnlyList<ProxyEndpoint> Load(string path)
    {
        CheckSize(path);
        return Parse(File.ReadAllText(path));
    }

    public static async Task<IReadOnlyList<ProxyEndpoint>> LoadAsync(string path, CancellationToken ct)
    {
        CheckSize(path);
        return Parse(await File.ReadAllTextAsync(path, ct));
    }

    /// <summary>Writes atomically (temporary file, then rename) so a daemon never reads half a file.</summary>
    public static void Save(string path, IEnumerable<ProxyEndpoint> endpoints)
    {
        var json = Serialize(endpoints);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc cref="Save"/>
    public static async Task SaveAsync(string path, IEnumerable<ProxyEndpoint> endpoints, CancellationToken ct)
    {
        var json = Serialize(endpoints);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, json, ct);
        File.Move(temporary, path, overwrite: true);
    }

    public static string Serialize(IEnumerable<ProxyEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            _ = CompiledRule.CompileEndpoint(list[i], $"endpoints[{i}]");
        }

        var document = new ProxyConfigDocument
        {
            Version = CurrentVersion,
            Endpoints = list.Select(e => new ProxyEndpointDocument
            {
                Listen = e.Listen.ToString(),
                Backend = e.Backend?.ToString(),
                OneWayDelay = e.OneWayDelay.ToString("c", CultureInfo.InvariantCulture),
                Faults = e.Faults.Select(f => new FaultRuleDocument
                {
                    Kind = f.Kind.ToString(),
                    QTypes = f.QTypes.Count == 0 ? null : [.. f.QTypes],
                    Transport = f.Transport,
                    Records = f.Records.Count == 0 ? null : [.. f.Records],
                    QName = f.QName,
                }).ToList(),
            }).ToList(),
        };
        return JsonSerializer.Serialize(document, ProxyConfigJsonContext.Default.ProxyConfigDocument);
    }

    public static IReadOnlyList<ProxyEndpoint> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProxyConfigDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ProxyConfigJsonContext.Default.ProxyConfigDocument);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "$" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            throw new ProxyConfigException(field, $"Not valid lab proxy JSON: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new ProxyConfigException("$", "The file holds no configuration object.");
        }

        if (document.Version != CurrentVersion)
        {
            throw new ProxyConfigException("version", $"Version {document.Version} is not supported; expected {CurrentVersion}.");
        }

        if (document.Endpoints is null)
        {
            throw new ProxyConfigException("endpoints", "The endpoints list is required.");
        }

        var result = new List<ProxyEndpoint>(document.Endpoints.Count);
        var seen = new HashSet<IPEndPoint>();
        for (var i = 0; i < document.Endpoints.Count; i++)
        {
            var path = $"endpoints[{i}]";
            var item = document.Endpoints[i] ?? throw new ProxyConfigException(path, "An endpoint is null.");
            var listen = ParseEndpoint(item.Listen, $"{path}.listen", required: true)!;
            if (!seen.Add(listen))
            {
                throw new ProxyConfigException($"{path}.listen", $"{listen} is listed twice.");
            }

            var backend = ParseEndpoint(item.Backend, $"{path}.backend", required: false);
            var delay = TimeSpan.Zero;
            if (item.OneWayDelay is not null && !TimeSpan.TryParseExact(item.OneWayDelay, "c", CultureInfo.InvariantCulture, out delay))
            {
                throw new ProxyConfigException($"{path}.oneWayDelay", $"'{item.OneWayDelay}' is not a duration such as \"00:00:00.050\".");
            }

            var faults = new List<FaultRule>();
            var faultDocuments = item.Faults ?? [];
            for (var j = 0; j < faultDocuments.Count; j++)
            {
                var rulePath = $"{path}.faults[{j}]";
                var rule = faultDocuments[j] ?? throw new ProxyConfigException(rulePath, "A fault rule is null.");
                if (rule.Kind is null || !Enum.TryParse<FaultKind>(rule.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind)
                    || int.TryParse(rule.Kind, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw new ProxyConfigException($"{rulePath}.kind", $"'{rule.Kind}' is not one of {string.Join(", ", Enum.GetNames<FaultKind>())}.");
                }

                faults.Add(new FaultRule(kind)
                {
                    QTypes = rule.QTypes ?? [],
                    Transport = rule.Transport ?? "both",
                    Records = rule.Records ?? [],
                    QName = rule.QName,
                });
            }

            var endpoint = new ProxyEndpoint(listen, backend, delay, faults);
            _ = CompiledRule.CompileEndpoint(endpoint, path);
            result.Add(endpoint);
        }

        return result;
    }

    private static IPEndPoint? ParseEndpoint(string? text, string field, bool required)
    {
        if (text is null)
        {
            return required ? throw new ProxyConfigException(field, "An address:port is required, e.g. \"127.53.1.1:53\" or \"[::1]:53\".") : null;
        }

        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
        {
            throw new ProxyConfigException(field, $"'{text}' is not an address:port such as \"127.53.1.1:53\" or \"[::1]:53\".");
        }

        return endpoint;
    }

    private static void CheckSize(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxFileBytes)
        {
            throw new ProxyConfigException("$", $"{path} is larger than {MaxFileBytes} bytes.");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Feeds.Parsers;
using Json.Schema;

namespace Dnscert.Feeds.Configuration;

/// <summary>
/// Reads a feeds.json file: first against schemas/feeds.schema.json (shipped in the assembly), so every structural
/// error names its JSON pointer, then the checks a schema cannot make (the threat id is in the catalogue, ids are
/// unique, CSV columns parse, the interval is within bounds). Bounded: 1 MiB, 1,000 feeds (the schema says so too).
/// </summary>
public static class FeedsFile
{
    public const int MaxBytes = 1 << 20;
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(30);

    private static readonly Lazy<JsonSchema> s_schema = new(LoadSchema);

    /// <summary>The schema text, as shipped in schemas/feeds.schema.json.</summary>
    public static string SchemaText { get; } = ReadSchemaText();

    public static IReadOnlyList<FeedDefinition> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DnscertException($"Feeds file {path} not found.");
        }

        if (info.Length > MaxBytes)
        {
            throw new DnscertException($"Feeds file {path} is {info.Length} bytes; the limit is {MaxBytes}.");
        }

        return Parse(System.IO.File.ReadAllText(path), path, info.DirectoryName!);
    }

    /// <summary>Parses feeds.json text; <paramref name="baseDirectory"/> anchors relative file paths. Errors name the file and the JSON pointer.</summary>
    public static IReadOnlyList<FeedDefinition> Parse(string text, string name, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        try
        {
            // A property given twice is an error here, not "the last one wins": a feeds file is written by hand.
            var options = new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false };
            using (JsonDocument.Parse(text, options))
            {
            }

            root = JsonNode.Parse(text, documentOptions: options);
        }
        catch (JsonException ex)
        {
            throw new DnscertException($"{name}: not JSON: {OneLine(ex.Message)}");
        }

        var errors = Validate(root);
        if (errors.Count > 0)
        {
            throw new DnscertException(OneLine($"{name}: {string.Join("; ", errors.Take(10))}{(errors.Count > 10 ? $" (and {errors.Count - 10} more)" : "")}"));
        }

        var feeds = new List<FeedDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var array = root!["feeds"]!.AsArray();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"/feeds/{i}";
            var feed = array[i]!.AsObject();
            string? Text(string key) => feed[key]?.GetValue<string>();
            var id = Text("id")!;
            if (!ids.Add(id))
            {
                throw new DnscertException($"{name}: {at}/id: '{id}' is used by an earlier feed.");
            }

            var threat = Text("threat")!;
            if (ThreatTypes.All.All(t => t.Id != threat))
            {
                throw new DnscertException($"{name}: {at}/threat: '{threat}' is not in the threat catalogue (dnscert catalog threats).");
            }

            var format = Text("format")!;
            CsvColumns? columns = null;
            if (Text("columns") is { } columnText)
            {
                if (format != "csv")
                {
                    throw new DnscertException($"{name}: {at}/columns: only the csv format has columns.");
                }

                try
                {
                    columns = CsvColumns.Parse(columnText);
                }
                catch (DnscertException ex)
                {
                    throw new DnscertException($"{name}: {at}/columns: {ex.Message}");
                }
            }

            var interval = Interval(Text("interval")!);
            if (interval < MinInterval || interval > MaxInterval)
            {
                throw new DnscertException($"{name}: {at}/interval: '{Text("interval")}' is outside 1m..30d.");
            }

            foreach (var key in new[] { "file", "allow_list" })
            {
                if (Text(key) is { } path && path.Contains('\0', StringComparison.Ordinal))
                {
                    throw new DnscertException($"{name}: {at}/{key}: a path cannot contain a NUL character.");
                }
            }

            Uri? location = null;
            if (Text("url") is { } url && !Uri.TryCreate(url, UriKind.Absolute, out location))
            {
                throw new DnscertException($"{name}: {at}/url: '{OneLine(url)}' is not a valid URL.");
            }

            feeds.Add(new FeedDefinition(
                id,
                Text("provider"),
                location,
                Text("file") is { } file ? Path.GetFullPath(file, baseDirectory) : null,
                format,
                columns,
                interval,
                threat,
                // JSON Schema counts 80.0 as an integer too, so read a number and keep its integer value.
                feed["confidence"] is { } confidence ? (int)confidence.GetValue<double>() : null,
                TlpOf(Text("tlp")!),
                Text("allow_list") is { } allow ? Path.GetFullPath(allow, baseDirectory) : null,
                Text("licence")!,
                Text("provenance"),
                feed["enabled"]?.GetValue<bool>() ?? true));
        }

        return feeds;
    }

    /// <summary>Schema errors as "pointer: message", deepest first; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? root)
    {
        using var document = JsonDocument.Parse(root?.ToJsonString() ?? "null");
        var result = s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (result.IsValid)
        {
            return [];
        }

        var found = new List<string>();
        Collect(result, found);
        var errors = found.Distinct(StringComparer.Ordinal).OrderByDescending(e => e.Length).ToList();
        return errors.Count > 0 ? errors : ["/: does not match schemas/feeds.schema.json"];
    }

    /// <summary>
    /// Errors of the failing nodes, descending only into failing nodes. The branches of a oneOf fail by design (a feed
    /// has a url or a file), and JsonSchema.Net gives oneOf and not no message, so a oneOf is judged here: exactly one
    /// passing branch is fine, anything else is one error naming the pointer.
    /// </summary>
    private static void Collect(EvaluationResults node, List<string> found)
    {
        if (node.IsValid)
        {
            return;
        }

        var pointer = node.InstanceLocation.ToString() is { Length: > 0 } p ? p : "/";
        foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
        {
            found.Add($"{pointer}: {message}");
        }

        var branchPrefix = node.EvaluationPath + "/oneOf/";
        var children = node.Details ?? [];
        var branches = children.Where(c => c.EvaluationPath.ToString().StartsWith(branchPrefix, StringComparison.Ordinal)).ToList();
        if (branches.Count > 0 && branches.Count(b => b.IsValid) != 1)
        {
            found.Add($"{pointer}: a feed names exactly one of url and file");
        }

        foreach (var child in children.Except(branches))
        {
            Collect(child, found);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>"90s", "15m", "6h", "1d".</summary>
    public static TimeSpan Interval(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = long.Parse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            _ => TimeSpan.FromDays(number),
        };
    }

    private static Tlp TlpOf(string text) => text switch
    {
        "clear" => Tlp.Clear,
        "green" => Tlp.Green,
        "amber" => Tlp.Amber,
        "amber+strict" => Tlp.AmberStrict,
        _ => Tlp.Red,
    };

    private static string ReadSchemaText()
    {
        using var stream = typeof(FeedsFile).Assembly.GetManifestResourceStream("feeds.schema.json")
            ?? throw new InvalidOperationException("feeds.schema.json is not embedded in Dnscert.Feeds");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonSchema LoadSchema() => JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}

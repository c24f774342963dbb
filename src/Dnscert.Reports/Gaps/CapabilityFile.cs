using System.Text.Json;
using Dnscert.Core;

namespace Dnscert.Reports.Gaps;

/// <summary>
/// Reads capabilities from a JSON file: an array of objects with <c>organisation</c>, <c>threat_type</c>,
/// <c>function</c>, <c>regions</c> and <c>languages</c>. Hostile input is bounded: file size, entry count and
/// string lengths; every error names the entry and the field.
/// </summary>
public sealed class CapabilityFile : ICapabilitySource
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxEntries = 50_000;
    public const int MaxStringLength = 200;
    public const int MaxListLength = 300;

    private readonly string _path;

    public CapabilityFile(string path)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
    }

    public async Task<IReadOnlyList<Capability>> ListAsync(CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(_path);
        if (!info.Exists)
        {
            throw new DnscertException($"Capability file {_path} does not exist.");
        }

        if (info.Length > MaxBytes)
        {
            throw new DnscertException($"Capability file {_path} is {info.Length} bytes; the limit is {MaxBytes}.");
        }

        var bytes = await File.ReadAllBytesAsync(_path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, _path);
    }

    public static IReadOnlyList<Capability> Parse(ReadOnlySpan<byte> json, string name)
    {
        if (json.Length > MaxBytes)
        {
            throw new DnscertException($"{name}: {json.Length} bytes; the limit is {MaxBytes}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new DnscertException($"{name}: not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new DnscertException($"{name}: expected a JSON array of capabilities, found {document.RootElement.ValueKind}.");
            }

            var count = document.RootElement.GetArrayLength();
            if (count > MaxEntries)
            {
                throw new DnscertException($"{name}: {count} capabilities; the limit is {MaxEntries}.");
            }

            var result = new List<Capability>(count);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var where = $"{name}: capability {index}";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw new DnscertException($"{where}: expected an object, found {entry.ValueKind}.");
                }

                var functionText = RequiredString(entry, "function", where);
                if (!Enum.TryParse<CapabilityFunction>(functionText, ignoreCase: true, out var function) || !Enum.IsDefined(function) || int.TryParse(functionText, out _))
                {
                    throw new DnscertException($"{where}: function '{functionText}' is not one of {string.Join(", ", Enum.GetNames<CapabilityFunction>()).ToLowerInvariant()}.");
                }

                result.Add(new Capability(
                    RequiredString(entry, "organisation", where),
                    RequiredString(entry, "threat_type", where),
                    function,
                    StringList(entry, "regions", where),
                    StringList(entry, "languages", where)));
                index++;
            }

            return result;
        }
    }

    private static string RequiredString(JsonElement entry, string field, string where)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new DnscertException($"{where}: field '{field}' must be a string.");
        }

        var text = value.GetString()!.Trim();
        return text.Length is 0 or > MaxStringLength
            ? throw new DnscertException($"{where}: field '{field}' must hold 1 to {MaxStringLength} characters.")
            : text;
    }

    private static string[] StringList(JsonElement entry, string field, string where)
    {
        if (!entry.TryGetProperty(field, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxListLength)
        {
            throw new DnscertException($"{where}: field '{field}' must be an array of at most {MaxListLength} strings.");
        }

        return [.. value.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.String && v.GetString()!.Trim() is { Length: > 0 and <= MaxStringLength } s
            ? s.ToLowerInvariant()
            : throw new DnscertException($"{where}: {field}[{i}] must be a string of 1 to {MaxStringLength} characters."))];
    }
}

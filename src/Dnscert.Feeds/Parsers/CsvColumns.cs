using Dnscert.Core;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Which CSV columns hold what, each by header name or 0-based index: <c>value=domain,threat=category,time=first_seen</c>.
/// <see cref="Kind"/> says what the value column holds (<c>auto</c> classifies each value by its shape).
/// </summary>
public sealed record CsvColumns(string Value, string? Threat = null, string? Time = null, string Kind = "auto", char Delimiter = ',', bool Header = true)
{
    public static CsvColumns Default { get; } = new("0", Header: false);

    /// <summary>Parses the <c>--columns</c> syntax: comma-separated <c>key=value</c> pairs (value, threat, time, kind, delimiter, header).</summary>
    public static CsvColumns Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var columns = new CsvColumns("0", Header: false);
        var headerGiven = false;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new DnscertException($"--columns: '{part}' is not key=value (keys: value, threat, time, kind, delimiter, header).");
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            columns = key switch
            {
                "value" => columns with { Value = value },
                "threat" => columns with { Threat = value },
                "time" => columns with { Time = value },
                "kind" when value is "auto" or "domain" or "url" or "ip" => columns with { Kind = value },
                "delimiter" => columns with { Delimiter = value switch { "tab" or "\\t" => '\t', "semicolon" => ';', "comma" => ',', _ when value.Length == 1 => value[0], _ => throw new DnscertException($"--columns: delimiter '{value}' is not one character (or tab, semicolon, comma).") } },
                "header" when bool.TryParse(value, out var header) => columns with { Header = header },
                _ => throw new DnscertException($"--columns: unknown key or bad value in '{part}'."),
            };
            headerGiven |= key == "header";
        }

        // A column given by name needs a header row.
        if (!headerGiven && !IsIndex(columns.Value))
        {
            columns = columns with { Header = true };
        }

        return columns;
    }

    internal static bool IsIndex(string column) => int.TryParse(column, out var index) && index >= 0;
}

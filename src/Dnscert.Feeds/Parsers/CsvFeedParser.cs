using System.Globalization;
using System.Text;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// CSV per RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes) with a configurable delimiter and
/// columns chosen by header name or index; lines starting with <c>#</c> are comments, as many abuse feeds use them.
/// </summary>
public sealed class CsvFeedParser(CsvColumns columns, FeedLimits? limits = null) : LineFeedParser(limits)
{
    public const string ParserId = "csv";

    /// <summary>Most physical lines one quoted record may span.</summary>
    private const int MaxRecordLines = 64;

    private int _value = -1;
    private int _threat = -1;
    private int _time = -1;
    private bool _headerSeen;

    public override string Id => ParserId;

    private protected override IEnumerable<FeedItem> ParseLine(string line, long number, FeedLineReader reader)
    {
        if (line.Length == 0 || line[0] == '#')
        {
            return [];
        }

        var record = line;
        var lines = 1;
        while (!Balanced(record))
        {
            if (++lines > MaxRecordLines || reader.Next(out var tooLong) is not { } more || tooLong || record.Length + more.Length > Limits.MaxLineLength)
            {
                return [FeedItem.Rejected(number, "unterminated quoted field", record)];
            }

            record = record + "\n" + more;
        }

        var fields = Split(record, columns.Delimiter);
        if (fields is null)
        {
            return [FeedItem.Rejected(number, "bad quoting", record)];
        }

        if (!_headerSeen)
        {
            _headerSeen = true;
            if (columns.Header)
            {
                return ResolveHeader(fields, number, record);
            }

            _value = int.Parse(columns.Value, CultureInfo.InvariantCulture);
            _threat = columns.Threat is { } t && CsvColumns.IsIndex(t) ? int.Parse(t, CultureInfo.InvariantCulture) : -1;
            _time = columns.Time is { } s && CsvColumns.IsIndex(s) ? int.Parse(s, CultureInfo.InvariantCulture) : -1;
        }

        if (_value < 0)
        {
            return [FeedItem.Rejected(number, "value column missing from header", record)];
        }

        if (_value >= fields.Count)
        {
            return [FeedItem.Rejected(number, $"only {fields.Count} column(s), value is column {_value}", record)];
        }

        var threat = _threat >= 0 && _threat < fields.Count ? ThreatTypeMap.Resolve(fields[_threat]) : null;
        DateTimeOffset? seen = null;
        if (_time >= 0 && _time < fields.Count && fields[_time].Length > 0)
        {
            if (!DateTimeOffset.TryParse(fields[_time], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return [FeedItem.Rejected(number, "bad time", record)];
            }

            seen = parsed;
        }

        var value = fields[_value];
        return
        [
            columns.Kind switch
            {
                "domain" => IndicatorText.Domain(value, threat, seen, number, record),
                "url" => IndicatorText.Url(value, threat, seen, number, record),
                "ip" => IndicatorText.Address(value, threat, seen, number, record),
                _ => value.Trim().Length == 0 ? FeedItem.Rejected(number, "empty value", record) : IndicatorText.Classify(value, threat, seen, number, record),
            },
        ];
    }

    private IEnumerable<FeedItem> ResolveHeader(List<string> header, long number, string record)
    {
        int Find(string? column) => column is null ? -1
            : CsvColumns.IsIndex(column) ? int.Parse(column, CultureInfo.InvariantCulture)
            : header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        _value = Find(columns.Value);
        _threat = Find(columns.Threat);
        _time = Find(columns.Time);
        return _value < 0 ? [FeedItem.Rejected(number, $"header has no column '{columns.Value}'", record)] : [];
    }

    private static bool Balanced(string record)
    {
        var quotes = 0;
        foreach (var c in record)
        {
            if (c == '"')
            {
                quotes++;
            }
        }

        return quotes % 2 == 0;
    }

    /// <summary>Fields of one record, or null when a quote appears inside an unquoted field or text follows a closing quote.</summary>
    internal static List<string>? Split(string record, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        return null;
                    }

                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(record[i++]);
                }

                if (i < record.Length && record[i] != delimiter)
                {
                    return null;
                }
            }
            else
            {
                var end = record.IndexOf(delimiter, i);
                var text = end < 0 ? record.AsSpan(i) : record.AsSpan(i, end - i);
                if (text.Contains('"'))
                {
                    return null;
                }

                field.Append(text);
                i = end < 0 ? record.Length : end;
            }

            fields.Add(field.ToString());
            if (i >= record.Length)
            {
                return fields;
            }

            i++; // the delimiter
        }
    }
}

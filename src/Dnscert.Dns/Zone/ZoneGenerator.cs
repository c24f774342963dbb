using System.Globalization;
using System.Text;

namespace Dnscert.Dns.Zone;

/// <summary>
/// One BIND <c>$GENERATE start-stop[/step] lhs [ttl] [class] type rhs</c> in progress: yields the owner and
/// RDATA text for each value. In the templates <c>$</c> is the value, <c>${offset[,width[,base]]}</c> adds
/// an offset and pads to a width in base d, o, x or X, and <c>\$</c> or <c>$$</c> is a literal dollar sign
/// (kept escaped, so the name and RDATA parsers decode it).
/// </summary>
internal sealed class ZoneGenerator
{
    private const int MaxWidth = 255;

    private readonly string _owner;
    private readonly string _rdata;
    private readonly int _maxLength;
    private readonly StringBuilder _builder = new();
    private long _next;

    public ZoneGenerator(long start, long stop, long step, string owner, string rdata, int maxLength)
    {
        _next = start;
        Stop = stop;
        Step = step;
        _owner = owner;
        _rdata = rdata;
        _maxLength = maxLength;
    }

    public long Stop { get; }

    public long Step { get; }

    public uint? Ttl { get; init; }

    public RRClass? Class { get; init; }

    public RRType Type { get; init; }

    public int Line { get; init; }

    public int OwnerColumn { get; init; }

    public int RdataColumn { get; init; }

    /// <summary>
    /// Checks both templates at the first and last value, so a bad template fails before any record is
    /// produced; values in between have no more digits than the last and are no more negative than the first.
    /// </summary>
    public string? Validate() =>
        Expand(_owner, _next, out _) ?? Expand(_rdata, _next, out _) ?? Expand(_owner, Stop, out _) ?? Expand(_rdata, Stop, out _);

    /// <summary>The next owner and RDATA text, or false when the range is done.</summary>
    public bool TryNext(out string owner, out string rdata)
    {
        owner = rdata = string.Empty;
        if (_next > Stop)
        {
            return false;
        }

        var value = _next;
        _next += Step;
        _ = Expand(_owner, value, out owner);
        _ = Expand(_rdata, value, out rdata);
        return true;
    }

    /// <summary>Returns an error sentence, or null with the expanded text.</summary>
    private string? Expand(string template, long value, out string result)
    {
        result = string.Empty;
        _builder.Clear();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                _builder.Append(c).Append(template[++i]);
            }
            else if (c != '$')
            {
                _builder.Append(c);
            }
            else if (i + 1 < template.Length && template[i + 1] == '$')
            {
                // BIND's other spelling of a literal dollar.
                _builder.Append("\\$");
                i++;
            }
            else if (i + 1 < template.Length && template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    return $"'${{' in '{template}' has no closing '}}'";
                }

                var error = AppendModified(template.AsSpan(i + 2, close - i - 2), value);
                if (error is not null)
                {
                    return error;
                }

                i = close;
            }
            else
            {
                _builder.Append(value.ToString(CultureInfo.InvariantCulture));
            }

            if (_builder.Length > _maxLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"a generated text is longer than {_maxLength} characters");
            }
        }

        result = _builder.ToString();
        return null;
    }

    private string? AppendModified(ReadOnlySpan<char> spec, long value)
    {
        Span<Range> parts = stackalloc Range[4];
        var count = spec.Split(parts, ',');
        if (count is < 1 or > 3)
        {
            return $"'${{{spec}}}' is not ${{offset}}, ${{offset,width}} or ${{offset,width,base}}";
        }

        if (!int.TryParse(spec[parts[0]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
        {
            return $"the offset in '${{{spec}}}' is not a number";
        }

        var width = 0;
        if (count >= 2 && (!int.TryParse(spec[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out width) || width > MaxWidth))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the width in '${{{spec}}}' is not a number from 0 to {MaxWidth}");
        }

        var format = count == 3 ? spec[parts[2]] : "d";
        string? text = format switch
        {
            "d" => (value + offset).ToString(CultureInfo.InvariantCulture),
            "o" => Convert.ToString(value + offset, 8),
            "x" => (value + offset).ToString("x", CultureInfo.InvariantCulture),
            "X" => (value + offset).ToString("X", CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null)
        {
            return $"the base in '${{{spec}}}' is not d, o, x or X (nibble formats n and N are not supported)";
        }

        if (value + offset < 0)
        {
            return $"the offset in '${{{spec}}}' makes the value negative";
        }

        _builder.Append('0', Math.Max(0, width - text.Length)).Append(text);
        return null;
    }
}

using System.Globalization;
using System.Text;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>
/// Reads and writes the directory as CSV (RFC 4180: comma-separated, double-quoted fields, one stakeholder per row,
/// the header row below). Lists inside a field are separated by ';'; contacts are <c>Name &lt;e-mail&gt;</c>;
/// working hours <c>09:00-17:00 mon tue wed thu fri</c>; capabilities <c>infra.lame-delegation=detect+mitigate</c>.
/// OpenPGP keys do not fit a spreadsheet cell and are JSON only. Errors name the line.
/// Hand-written: the format is small, and the parser must stop at our limits and report physical line numbers.
/// </summary>
public static class DirectoryCsv
{
    public const int MaxField = 16 * 1024;

    public static IReadOnlyList<string> Header { get; } =
    [
        "id", "name", "type", "domain_suffixes", "nameserver_suffixes", "ip_prefixes", "asns", "countries", "registrar_ids",
        "contacts", "languages", "time_zone", "working_hours", "capabilities", "amber_constituents",
    ];

    public static IReadOnlyList<Stakeholder> Read(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (Encoding.UTF8.GetByteCount(csv) > DirectoryLimits.MaxBytes)
        {
            throw new DirectoryFormatException($"the directory file is larger than the limit of {DirectoryLimits.MaxBytes} bytes");
        }

        var rows = Parse(csv);
        if (rows.Count == 0)
        {
            throw new DirectoryFormatException("line 1: the file is empty; expected the header " + string.Join(",", Header));
        }

        if (!rows[0].Fields.SequenceEqual(Header))
        {
            throw new DirectoryFormatException($"line {rows[0].Line}: the header must be exactly {string.Join(",", Header)}");
        }

        if (rows.Count - 1 > DirectoryLimits.MaxStakeholders)
        {
            throw new DirectoryFormatException($"the directory has {rows.Count - 1} stakeholders, more than the limit of {DirectoryLimits.MaxStakeholders}");
        }

        var stakeholders = new List<Stakeholder>();
        var lines = new List<int>();
        foreach (var row in rows.Skip(1))
        {
            var where = $"line {row.Line}";
            if (row.Fields.Count != Header.Count)
            {
                throw new DirectoryFormatException($"{where}: {row.Fields.Count} fields, expected {Header.Count}");
            }

            stakeholders.Add(FromRow(row.Fields, where));
            lines.Add(row.Line);
        }

        StakeholderValidator.ValidateAll(stakeholders, (i, _) => $"line {lines[i]}");
        return stakeholders;
    }

    public static string Write(IEnumerable<Stakeholder> stakeholders)
    {
        ArgumentNullException.ThrowIfNull(stakeholders);
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Header)).Append("\r\n");
        foreach (var s in stakeholders)
        {
            var c = s.Constituency;
            string[] fields =
            [
                s.Id, s.Name, DirectoryCodes.Of(s.Type), List(c.DomainSuffixes), List(c.NameServerSuffixes), List(c.IpPrefixes),
                List(c.Asns.Select(a => a.ToString(CultureInfo.InvariantCulture))), List(c.Countries), List(c.RegistrarIds),
                List(s.Contacts.Select(x => $"{x.Name} <{x.Email}>")), List(s.Languages), s.WorkingHours?.TimeZone ?? "",
                s.WorkingHours is { } h ? $"{h.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{h.End.ToString("HH:mm", CultureInfo.InvariantCulture)} {string.Join(' ', h.Days.Select(DirectoryCodes.Of))}" : "",
                List(s.Capabilities.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}={string.Join('+', DirectoryCodes.Of(x.Value))}")),
                List(s.AmberConstituents),
            ];
            sb.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string List(IEnumerable<string> values) => string.Join(";", values);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field.StartsWith(' ') || field.EndsWith(' ')
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;

    private static List<string> Split(string field) =>
        [.. field.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Stakeholder FromRow(List<string> f, string where)
    {
        var type = DirectoryCodes.TypeOf(f[2].Trim())
            ?? throw StakeholderValidator.Fail(where, "type", $"'{f[2]}' is not one of {string.Join(", ", DirectoryCodes.TypeCodes)}");
        var asns = new List<int>();
        foreach (var text in Split(f[6]))
        {
            asns.Add(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var asn) ? asn : throw StakeholderValidator.Fail(where, "asns", $"'{text}' is not an AS number"));
        }

        var contacts = new List<Contact>();
        foreach (var text in Split(f[9]))
        {
            var open = text.LastIndexOf('<');
            if (open < 1 || !text.EndsWith('>'))
            {
                throw StakeholderValidator.Fail(where, "contacts", $"'{text}' is not 'Name <e-mail>'");
            }

            contacts.Add(new Contact(text[..open].Trim(), text[(open + 1)..^1].Trim()));
        }

        WorkingHours? hours = null;
        if (f[12].Trim().Length > 0)
        {
            var parts = f[12].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = parts[0].Split('-');
            if (range.Length != 2)
            {
                throw StakeholderValidator.Fail(where, "working hours", $"'{f[12]}' is not like 09:00-17:00 mon tue wed thu fri");
            }

            hours = DirectoryJson.Hours(
                new WorkingHoursDocument { TimeZone = f[11].Trim(), Start = range[0], End = range[1], Days = parts.Length > 1 ? [.. parts.Skip(1)] : null },
                where);
        }
        else if (f[11].Trim().Length > 0)
        {
            throw StakeholderValidator.Fail(where, "working hours", "a time zone without working hours");
        }

        var capabilities = new Dictionary<string, CapabilityFunctions>(StringComparer.Ordinal);
        foreach (var text in Split(f[13]))
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq < 1)
            {
                throw StakeholderValidator.Fail(where, "capabilities", $"'{text}' is not like infra.lame-delegation=detect+mitigate");
            }

            var functions = CapabilityFunctions.None;
            foreach (var code in text[(eq + 1)..].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                functions |= DirectoryCodes.FunctionOf(code) ?? throw StakeholderValidator.Fail(where, "capabilities", $"'{code}' is not one of detect, analyse, mitigate, coordinate, train");
            }

            if (!capabilities.TryAdd(text[..eq].Trim(), functions))
            {
                throw StakeholderValidator.Fail(where, "capabilities", $"{text[..eq].Trim()} appears twice");
            }
        }

        return new Stakeholder(
            f[0].Trim(),
            f[1].Trim(),
            type,
            new Constituency(Split(f[3]), Split(f[4]), Split(f[5]), asns, Split(f[7]), Split(f[8])),
            contacts,
            Split(f[10]),
            hours,
            capabilities,
            Split(f[14]));
    }

    private static List<(int Line, List<string> Fields)> Parse(string text)
    {
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                if (field.Length > 0 || wasQuoted)
                {
                    throw new DirectoryFormatException($"line {line}: a quote inside an unquoted field (quote the whole field and double inner quotes)");
                }

                quoted = wasQuoted = true;
            }
            else if (ch == ',')
            {
                EndField();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRow();
                line++;
                rowLine = line;
            }
            else
            {
                if (wasQuoted)
                {
                    throw new DirectoryFormatException($"line {line}: text after a closing quote");
                }

                field.Append(ch);
            }

            if (field.Length > MaxField)
            {
                throw new DirectoryFormatException($"line {line}: a field longer than {MaxField} characters");
            }
        }

        if (quoted)
        {
            throw new DirectoryFormatException($"line {rowLine}: a quoted field is not closed");
        }

        EndRow();
        return rows;

        void EndField()
        {
            if (fields.Count >= 64)
            {
                throw new DirectoryFormatException($"line {rowLine}: more than 64 fields");
            }

            fields.Add(field.ToString());
            field.Clear();
            wasQuoted = false;
        }

        void EndRow()
        {
            if (fields.Count == 0 && field.Length == 0 && !wasQuoted)
            {
                return; // blank line
            }

            EndField();
            if (rows.Count > DirectoryLimits.MaxStakeholders + 1)
            {
                throw new DirectoryFormatException($"line {rowLine}: more than {DirectoryLimits.MaxStakeholders} stakeholders");
            }

            rows.Add((rowLine, fields));
            fields = [];
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dnscert.Reports.Rendering;

/// <summary>The machine-readable forms of a report: JSON (nested, snake_case) and CSV (one row per number: section, key, value).</summary>
public static class ReportExport
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Json(ReportContent report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new
        {
            Kind = report.Kind.ToString().ToLowerInvariant(),
            report.Language,
            From = report.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = report.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            report.Generated,
            report.TotalAffected,
            Daily = report.Daily.Select(d => new { Day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Active, d.New }),
            ByTld = ToMap(report.ByTld),
            ByRegion = ToMap(report.ByRegion),
            ByThreatType = ToMap(report.ByThreatType),
            BySource = ToMap(report.BySource),
            Severities = report.Severities.ToDictionary(s => s.Key.ToString().ToLowerInvariant(), s => s.Value, StringComparer.Ordinal),
            Rates = report.Rates,
            Mitigation = report.Mitigation.Select(m => new { m.ThreatTypeId, m.Resolved, MeanSeconds = Math.Round(m.Mean.TotalSeconds) }),
            Gaps = report.Gaps.Select(g => new
            {
                g.ThreatTypeId,
                g.Region,
                g.Affected,
                g.Weight,
                Capable = g.Capable.ToDictionary(c => c.Key.ToString().ToLowerInvariant(), c => c.Value, StringComparer.Ordinal),
                Missing = g.Missing.Select(m => m.ToString().ToLowerInvariant()),
                Languages = g.Languages.Select(l => new { l.Language, l.Affected, l.Speakers }),
                MissingLanguages = g.MissingLanguages,
            }),
        };
        return JsonSerializer.Serialize(document, s_json);
    }

    public static string Csv(ReportContent report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder("section,key,value\n");
        void Row(string section, string key, string value) => sb.Append(section).Append(',').Append(Field(key)).Append(',').Append(Field(value)).Append('\n');
        Row("total", "affected", report.TotalAffected.ToString(CultureInfo.InvariantCulture));
        foreach (var d in report.Daily)
        {
            Row("daily_active", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Active.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (section, values) in new[] { ("tld", report.ByTld), ("region", report.ByRegion), ("threat_type", report.ByThreatType), ("source", report.BySource) })
        {
            foreach (var v in values)
            {
                Row(section, v.Key, v.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        foreach (var s in report.Severities)
        {
            Row("severity", s.Key.ToString().ToLowerInvariant(), s.Value.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var r in report.Rates)
        {
            Row("rate_per_10k", $"{r.Tld} {r.Year:0000}-{r.Month:00}", r.MedianPer10k.ToString("R", CultureInfo.InvariantCulture));
        }

        foreach (var m in report.Mitigation)
        {
            Row("mitigation_mean_seconds", m.ThreatTypeId, Math.Round(m.Mean.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var g in report.Gaps)
        {
            Row("gap_missing", $"{g.ThreatTypeId} {g.Region}", string.Join(' ', g.Missing).ToLowerInvariant());
            Row("gap_languages_missing", $"{g.ThreatTypeId} {g.Region}", string.Join(' ', g.MissingLanguages));
        }

        return sb.ToString();
    }

    private static Dictionary<string, long> ToMap(IReadOnlyList<KeyValuePair<string, long>> values) => values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    // A field that could be read as a formula by a spreadsheet gets a leading quote mark (CSV injection).
    private static string Field(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}

using System.Globalization;
using System.Text.Json;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Writes a <see cref="TrafficReport"/> as one JSON document for machines. Codes appear as objects with the number
/// and the mnemonic; sketch results carry their error bounds (HyperLogLog relative standard error, Space-Saving
/// per-item over-count).
/// </summary>
public static class TrafficReportJson
{
    public static void Write(Stream stream, TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var stats = report.Statistics;
        var counts = report.Counts;
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            json.WriteStringValue(file);
        }

        json.WriteEndArray();
        json.WriteStartObject("read");
        json.WriteNumber("frames", counts.Frames);
        json.WriteNumber("bytes", counts.Bytes);
        json.WriteNumber("nonIp", counts.NonIp);
        json.WriteNumber("otherProtocols", counts.OtherProtocols);
        json.WriteNumber("otherPorts", counts.OtherPorts);
        json.WriteNumber("fragments", counts.Fragments);
        json.WriteNumber("reassembled", counts.Reassembled);
        json.WriteNumber("messages", counts.Messages);
        json.WriteEndObject();
        json.WriteStartObject("malformed");
        json.WriteNumber("total", counts.Malformed.Total);
        foreach (var (reason, count) in counts.Malformed.NonZero())
        {
            json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()), count);
        }

        json.WriteEndObject();
        if (counts.Notes.Count > 0)
        {
            json.WriteStartArray("notes");
            foreach (var note in counts.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
        }

        if (stats.First is { } first)
        {
            json.WriteString("first", first);
        }

        if (stats.Last is { } last)
        {
            json.WriteString("last", last);
        }

        json.WritePropertyName("totals");
        WriteCounters(json, stats.Totals, includeStart: false);
        json.WriteStartObject("top");
        WriteNames(json, "qnames", stats.TopQnames, stats.Options.TopReported);
        WriteNames(json, "secondLevelDomains", stats.TopSecondLevelDomains, stats.Options.TopReported);
        WriteNames(json, "topLevelDomains", stats.TopLevelDomains, stats.Options.TopReported);
        json.WriteStartObject("clientNetworks");
        json.WriteNumber("capacity", stats.TopClientNetworks.Capacity);
        json.WriteNumber("maxError", stats.TopClientNetworks.MaxError);
        json.WriteStartArray("items");
        foreach (var (item, _) in stats.TopClientNetworks.Top(stats.Options.TopReported))
        {
            json.WriteStartObject();
            json.WriteString("network", $"{item.Key}/{(item.Key.IsIPv6 ? 48 : 24)}");
            json.WriteNumber("count", item.Count);
            json.WriteNumber("error", item.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("bucketWidth", stats.Options.BucketWidth.ToString("c", CultureInfo.InvariantCulture));
        json.WriteNumber("messagesOutsideBuckets", stats.MessagesOutsideBuckets);
        json.WriteStartArray("buckets");
        foreach (var bucket in stats.Buckets)
        {
            WriteCounters(json, bucket, includeStart: true);
        }

        json.WriteEndArray();
        json.WriteStartArray("detections");
        foreach (var detection in report.Detections)
        {
            json.WriteStartObject();
            json.WriteString("detector", detection.DetectorId);
            json.WriteString("threatType", detection.ThreatType.Id);
            json.WriteString("severity", detection.Severity.ToString());
            json.WriteString("subject", detection.Subject.ToString());
            json.WriteString("windowStart", detection.WindowStart);
            json.WriteString("windowEnd", detection.WindowEnd);
            json.WriteString("summary", detection.Summary);
            json.WriteStartObject("metrics");
            foreach (var (key, value) in detection.Metrics)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter json, string property, NameTopList list, int n)
    {
        json.WriteStartObject(property);
        json.WriteNumber("maxError", list.MaxError);
        json.WriteStartArray("items");
        foreach (var item in list.Top(n))
        {
            json.WriteStartObject();
            json.WriteString("name", item.Key);
            json.WriteNumber("count", item.Count);
            json.WriteNumber("error", item.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounters(Utf8JsonWriter json, StatsCounters c, bool includeStart)
    {
        json.WriteStartObject();
        if (includeStart)
        {
            json.WriteString("start", c.Start);
        }

        json.WriteNumber("messages", c.Messages);
        json.WriteNumber("queries", c.Queries);
        json.WriteNumber("responses", c.Responses);
        json.WriteNumber("truncated", c.Truncated);
        json.WriteNumber("tcRate", c.Responses == 0 ? 0 : Math.Round((double)c.Truncated / c.Responses, 6));
        json.WriteNumber("edns", c.Edns);
        json.WriteNumber("dnssecOk", c.DnssecOk);
        json.WriteNumber("noQuestion", c.NoQuestion);
        WriteCodes(json, "qtypes", c.QueryTypes, DnsCodeNames.QueryType);
        WriteCodes(json, "rcodes", c.ResponseCodes, DnsCodeNames.ResponseCode);
        json.WriteStartArray("opcodes");
        for (var i = 0; i < c.Opcodes.Length; i++)
        {
            if (c.Opcodes[i] > 0)
            {
                WriteCode(json, i, DnsCodeNames.Opcode(i), c.Opcodes[i]);
            }
        }

        json.WriteEndArray();
        json.WriteStartObject("transports");
        for (var i = 0; i < c.Transports.Length; i++)
        {
            if (c.Transports[i] > 0)
            {
                json.WriteNumber(((TrafficTransport)i).ToString().ToLowerInvariant(), c.Transports[i]);
            }
        }

        json.WriteEndObject();
        WriteCodes(json, "ednsVersions", c.EdnsVersions, v => v.ToString(CultureInfo.InvariantCulture));
        WriteCodes(json, "ednsBufferSizes", c.EdnsBufferSizes, v => v.ToString(CultureInfo.InvariantCulture));
        WriteCodes(json, "responseSizes", c.ResponseSizes, v => $"{v}-{v + StatsCounters.SizeBin - 1}");
        WriteEstimate(json, "uniqueClients", c.UniqueClients);
        WriteEstimate(json, "uniqueQnames", c.UniqueQnames);
        json.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter json, string property, HyperLogLog sketch)
    {
        json.WriteStartObject(property);
        json.WriteNumber("estimate", sketch.Estimate());
        json.WriteNumber("relativeStandardError", Math.Round(sketch.StandardError, 5));
        json.WriteEndObject();
    }

    private static void WriteCodes(Utf8JsonWriter json, string property, Dictionary<int, long> counts, Func<int, string> name)
    {
        json.WriteStartArray(property);
        foreach (var (code, count) in counts.OrderBy(p => p.Key))
        {
            WriteCode(json, code, name(code), count);
        }

        json.WriteEndArray();
    }

    private static void WriteCode(Utf8JsonWriter json, int code, string name, long count)
    {
        json.WriteStartObject();
        json.WriteNumber("code", code);
        json.WriteString("name", name);
        json.WriteNumber("count", count);
        json.WriteEndObject();
    }
}

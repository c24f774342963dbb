using System.Globalization;
using System.Text;

namespace Dnscert.Traffic.Stats;

/// <summary>
/// Writes a <see cref="TrafficReport"/> as CSV files in a directory, one per dimension in long format
/// (<c>bucket,code,name,count</c>), which spreadsheets and plotting tools pivot easily.
/// </summary>
public static class TrafficReportCsv
{
    public static IReadOnlyList<string> Write(string directory, TrafficReport report)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var stats = report.Statistics;
        var buckets = stats.Buckets;
        var written = new List<string>();
        void Write(string name, string header, Action<StringBuilder> rows)
        {
            var text = new StringBuilder().AppendLine(header);
            rows(text);
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text.ToString());
            written.Add(path);
        }

        Write("buckets.csv", "bucket,messages,queries,responses,truncated,edns,dnssec_ok,no_question,udp,tcp,unique_clients,unique_qnames", text =>
        {
            foreach (var b in buckets)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Time(b.Start)},{b.Messages},{b.Queries},{b.Responses},{b.Truncated},{b.Edns},{b.DnssecOk},{b.NoQuestion},{b.Transports[(int)TrafficTransport.Udp]},{b.Transports[(int)TrafficTransport.Tcp]},{b.UniqueClients.Estimate()},{b.UniqueQnames.Estimate()}");
            }
        });
        Write("qtypes.csv", "bucket,code,name,count", text => Codes(text, buckets, b => b.QueryTypes, DnsCodeNames.QueryType));
        Write("rcodes.csv", "bucket,code,name,count", text => Codes(text, buckets, b => b.ResponseCodes, DnsCodeNames.ResponseCode));
        Write("edns_buffer_sizes.csv", "bucket,size,name,count", text => Codes(text, buckets, b => b.EdnsBufferSizes, v => v.ToString(CultureInfo.InvariantCulture)));
        Write("response_sizes.csv", "bucket,bin_start,bin,count", text => Codes(text, buckets, b => b.ResponseSizes, v => $"{v}-{v + StatsCounters.SizeBin - 1}"));
        Write("top.csv", "list,item,count,max_overcount", text =>
        {
            foreach (var item in stats.TopQnames.Top(stats.Options.TopReported))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"qname,{Quote(item.Key)},{item.Count},{item.Error}");
            }

            foreach (var item in stats.TopSecondLevelDomains.Top(stats.Options.TopReported))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"sld,{Quote(item.Key)},{item.Count},{item.Error}");
            }

            foreach (var item in stats.TopLevelDomains.Top(stats.Options.TopReported))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"tld,{Quote(item.Key)},{item.Count},{item.Error}");
            }

            foreach (var (item, _) in stats.TopClientNetworks.Top(stats.Options.TopReported))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"client_network,{item.Key}/{(item.Key.IsIPv6 ? 48 : 24)},{item.Count},{item.Error}");
            }
        });
        Write("malformed.csv", "reason,count", text =>
        {
            foreach (var (reason, count) in report.Counts.Malformed.NonZero())
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{reason},{count}");
            }
        });
        return written;
    }

    private static void Codes(StringBuilder text, IReadOnlyList<StatsCounters> buckets, Func<StatsCounters, Dictionary<int, long>> select, Func<int, string> name)
    {
        foreach (var bucket in buckets)
        {
            foreach (var (code, count) in select(bucket).OrderBy(p => p.Key))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Time(bucket.Start)},{code},{Quote(name(code))},{count}");
            }
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

using Dnscert.Core;
using Dnscert.Feeds.Parsers;

namespace Dnscert.Feeds;

/// <summary>Every feed format dnscert reads, by the id used in feeds.json and <c>--parser</c>.</summary>
public static class FeedParserCatalog
{
    public static IReadOnlyList<(string Id, string Description)> Parsers { get; } =
    [
        (PlainListParser.ParserId, "One domain, URL or IP address per line; # comments; hosts-file lines."),
        (CsvFeedParser.ParserId, "CSV (RFC 4180) with columns by header name or index (--columns value=...,threat=...,time=...)."),
        (IntelMqParser.ParserId, "IntelMQ events as JSON lines (source.fqdn/url/ip, classification.type, time.source)."),
        (MispEventParser.ParserId, "A MISP event file of a MISP feed (domain, hostname, url, ip-dst, ip-src attributes with to_ids)."),
        (StixBundleParser.ParserId, "A STIX 2.1 bundle (indicator patterns, SCOs, observed-data)."),
    ];

    public static IFeedParser Create(string id, CsvColumns? columns = null, FeedLimits? limits = null) => id switch
    {
        PlainListParser.ParserId => new PlainListParser(limits),
        CsvFeedParser.ParserId => new CsvFeedParser(columns ?? CsvColumns.Default, limits),
        IntelMqParser.ParserId => new IntelMqParser(limits),
        MispEventParser.ParserId => new MispEventParser(limits),
        StixBundleParser.ParserId => new StixBundleParser(limits),
        _ => throw new DnscertException($"Unknown feed parser '{id}' (known: {string.Join(", ", Parsers.Select(p => p.Id))})."),
    };
}

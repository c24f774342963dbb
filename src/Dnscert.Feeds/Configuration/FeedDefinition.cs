using Dnscert.Core.Store;
using Dnscert.Feeds.Parsers;

namespace Dnscert.Feeds.Configuration;

/// <summary>
/// One feed of a feeds.json file, checked: where it comes from (<see cref="Url"/> or an absolute <see cref="File"/>),
/// how to parse it, how often to read it and what its entries mean (threat, confidence, TLP), plus the licence and
/// provenance a DNS-CERT must be able to show for data it republishes.
/// </summary>
public sealed record FeedDefinition(
    string Id,
    string? Provider,
    Uri? Url,
    string? File,
    string Format,
    CsvColumns? Columns,
    TimeSpan Interval,
    string ThreatTypeId,
    int? Confidence,
    Tlp Tlp,
    string? AllowList,
    string Licence,
    string? Provenance,
    bool Enabled)
{
    /// <summary>The URL or file, for messages and the status page.</summary>
    public string Location => Url?.ToString() ?? File!;
}

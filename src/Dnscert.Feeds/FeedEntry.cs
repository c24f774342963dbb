using Dnscert.Core.Store;

namespace Dnscert.Feeds;

/// <summary>
/// One indicator read from a feed, already normalised: <see cref="Value"/> is a lower-case domain name in ASCII
/// (punycode) without the final dot, an absolute URL, or an IP address in its canonical text form; <see cref="Host"/>
/// is the domain the entry is about (the domain itself or the URL's host name; null for addresses).
/// </summary>
/// <param name="Kind">Domain, Url or IpAddress.</param>
/// <param name="Value">The normalised indicator.</param>
/// <param name="Host">The domain the entry is about, or null for addresses.</param>
/// <param name="ThreatTypeId">Catalogue id the feed gave for this entry, or null to use the feed's default.</param>
/// <param name="SeenAt">When the feed says it saw the entry, if it says.</param>
/// <param name="Line">1-based line (or item) number in the feed, for messages.</param>
/// <param name="Raw">The text the entry was read from, kept as evidence.</param>
public sealed record FeedEntry(SubjectKind Kind, string Value, string? Host, string? ThreatTypeId, DateTimeOffset? SeenAt, long Line, string Raw);

using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>What the ingestor needs to know about one feed: its id (provenance), the threat for entries that carry none, and its TLP.</summary>
public sealed record FeedSource(string Id, string DefaultThreatTypeId, Tlp Tlp);

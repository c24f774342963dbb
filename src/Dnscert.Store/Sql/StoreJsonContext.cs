using System.Text.Json.Serialization;

namespace Dnscert.Store.Sql;

/// <summary>Source-generated JSON for the lists the store keeps in text columns (no reflection, trimming-safe).</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dnscert.Core.Store.TrafficSummary))]
[JsonSerializable(typeof(Dnscert.Store.Repositories.TrafficBucketCounts))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

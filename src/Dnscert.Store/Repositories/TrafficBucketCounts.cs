using Dnscert.Core.Store;

namespace Dnscert.Store.Repositories;

/// <summary>The part of a <see cref="TrafficBucket"/> kept as JSON in <c>traffic_buckets.counts</c> (nothing queries inside it).</summary>
internal sealed record TrafficBucketCounts(
    long Truncated,
    long UniqueClients,
    long UniqueQnames,
    IReadOnlyList<TrafficCount> QueryTypes,
    IReadOnlyList<TrafficCount> ResponseCodes);
